package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.data.CelebADataset;
import dev.reslab.data.Split;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CelebA's attribute and partition files ({@link CelebADataset#open}, as {@code --dataset celeba}):
 * parts {@code list_attr_celeba.txt} and {@code list_eval_partition.txt}.
 */
@Tag("fuzz")
class CelebAFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void celeba(byte[] input) {
    byte[][] parts = InputParts.split(input, 2);
    try (Sandbox box = Sandbox.create()) {
      box.folder(CelebADataset.IMAGE_FOLDER);
      box.write(CelebADataset.ATTR_FILE, parts[0]);
      box.write(CelebADataset.PARTITION_FILE, parts[1]);
      ReaderContract.check(
          box,
          input.length,
          () -> CelebADataset.open(box.input(), Split.TRAIN),
          data -> {
            assertEquals(data.images().size(), data.info().examples(), "images");
            for (int i = 0; i < data.images().size(); i++) {
              assertEquals(
                  data.info().labelNames().size(), data.labels(i).length, "labels of image " + i);
            }
          });
    }
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    String attr = "2\r\nSmiling Male\r\n000001.jpg  1 -1\r\n000002.jpg -1  1\r\n";
    String part = "000001.jpg 0\r\n000002.jpg 0\r\n000003.jpg 2\r\n";
    seeds.add(Seeds.named("two rows, two attributes", InputParts.join(bytes(attr), bytes(part))));
    var realAttr = Seeds.real("celeba/list_attr_celeba.txt", 2048);
    var realPart = Seeds.real("celeba/list_eval_partition.txt", 512);
    if (realAttr.isPresent() && realPart.isPresent()) {
      seeds.add(
          Seeds.named(
              "real: first rows of both files",
              InputParts.join(cutAtLine(realAttr.get()), cutAtLine(realPart.get()))));
    }
    return seeds.stream();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Up to the last whole line, so the seed itself is valid. */
  private static byte[] cutAtLine(byte[] b) {
    int end = b.length;
    while (end > 0 && b[end - 1] != '\n') {
      end--;
    }
    return Arrays.copyOf(b, end);
  }
}
