package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.data.ImageFolderDataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Image files as an image folder opens them ({@link ImageFolderDataset#open}, as {@code --dataset
 * folder}): the signature, end-marker and header-size checks that run before TensorFlow sees a
 * file, and the ImageIO fallback for formats whose header it does not parse.
 */
@Tag("fuzz")
class ImageFolderFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void imageFolder(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      box.write("images/cat/image.jpg", input);
      ReaderContract.check(
          box,
          input.length,
          () -> ImageFolderDataset.open(box.input().resolve("images"), List.of(), 0),
          data ->
              assertTrue(
                  data.info().height() > 0 && data.info().width() > 0,
                  "image size " + data.info().height() + "x" + data.info().width()));
    }
  }

  static Stream<Arguments> seeds() throws IOException {
    List<Arguments> seeds = new ArrayList<>();
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff8000);
    for (String format : List.of("jpeg", "png", "bmp", "gif")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      seeds.add(Seeds.named("3x2 " + format, out.toByteArray()));
    }
    Seeds.real("celeba/img_align_celeba/000001.jpg")
        .ifPresent(b -> seeds.add(Seeds.named("real CelebA JPEG", b)));
    return seeds.stream();
  }
}
