package dev.reslab.analysis.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.data.Cifar10Dataset;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Limit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images are picked by their position in the data set, whatever subset an evaluation reads: the
 * first draft of the README's Grad-CAM example took indices within a seeded subset and named a cat
 * "airplane". A CIFAR-10 file written here makes every record recognisable: all pixels of record i
 * are i, its class {@link #label}.
 */
class ImageSelectionTest {
  private static final int RECORDS = 40;

  @TempDir Path tmp;

  private static int label(int record) {
    return (record * 7 + 3) % 10;
  }

  private ImageDataset data() throws IOException {
    byte[] bytes = new byte[RECORDS * Cifar10Dataset.RECORD_BYTES];
    for (int i = 0; i < RECORDS; i++) {
      int at = i * Cifar10Dataset.RECORD_BYTES;
      bytes[at] = (byte) label(i);
      Arrays.fill(bytes, at + 1, at + Cifar10Dataset.RECORD_BYTES, (byte) i);
    }
    Path bin = Files.createDirectories(tmp.resolve("cifar10/cifar-10-batches-bin"));
    Files.write(bin.resolve("test_batch.bin"), bytes);
    Files.write(bin.resolve("batches.meta.txt"), Cifar10Dataset.DEFAULT_CLASSES);
    return DataSpec.of("cifar10", tmp.resolve("cifar10")).open("test");
  }

  /** The record an image came from: every pixel is its record number / 255. */
  private static long record(ImageBatch images, int i) {
    return Math.round(images.image(i)[0] * 255);
  }

  @Test
  void indicesArePositionsInTheDataSetNotInAnEvaluationSubset() throws IOException {
    ImageDataset data = data();
    List<Long> indices = List.of(17L, 3L, 29L, 3L);
    ImageSelection picked = ImageSelection.byIndex(data, indices);

    for (int i = 0; i < indices.size(); i++) {
      long index = indices.get(i);
      assertEquals(index, record(picked.images(), i), "pixels of record " + index);
      assertEquals(label((int) index), picked.labels()[i], "class of record " + index);
      assertEquals(index, picked.indices()[i]);
      String name = Cifar10Dataset.DEFAULT_CLASSES.get(label((int) index));
      assertEquals(String.format("%04d-%s", index, name), picked.names().get(i));
    }

    // The old mistake: counting within the seeded subset an evaluation of 10 images reads.
    List<Integer> subsetLabels = new ArrayList<>();
    List<Long> subsetRecords = new ArrayList<>();
    try (DatasetBatches subset = DatasetBatches.evaluationSubset(data, 4, 10)) {
      for (LabelledBatch b : subset) {
        for (int i = 0; i < b.labels().length; i++) {
          subsetLabels.add(b.labels()[i]);
          subsetRecords.add(record(b.images(), i));
        }
      }
    }
    assertEquals(10, subsetRecords.size());
    assertNotEquals(
        label(3), subsetLabels.get(3), "the subset's 4th image is another image, of another class");
    assertNotEquals(3L, subsetRecords.get(3));
    assertEquals(10, subsetRecords.stream().distinct().count());
  }

  @Test
  void theEvaluationSubsetIsTheOneEvaluationsRead() throws IOException {
    ImageDataset data = data();
    List<String> subset = ids(DatasetBatches.evaluationSubset(data, 4, 10));
    // what `eval --limit 10` and the analysis commands read for a spec of the default seed
    Limit evaluated = DataSpec.of("cifar10", tmp.resolve("cifar10")).evaluationLimit(10);
    assertEquals(ids(DatasetBatches.of(data, 7, evaluated)), subset);
    assertTrue(evaluated.seeded());
    assertEquals(
        LongStream.range(0, RECORDS).mapToObj(i -> "test_batch.bin record " + i).toList(),
        ids(DatasetBatches.all(data, 16)),
        "all: every record in file order");
    assertEquals(
        new TreeSet<>(ids(DatasetBatches.all(data, 16))),
        new TreeSet<>(ids(DatasetBatches.evaluationSubset(data, 16, RECORDS + 5))),
        "a subset of more images than there are is all of them");
  }

  @Test
  void badPicksAreRefusedNamingTheDataSet() throws IOException {
    ImageDataset data = data();
    IllegalArgumentException beyond =
        assertThrows(
            IllegalArgumentException.class, () -> ImageSelection.byIndex(data, List.of(2L, 40L)));
    assertEquals(
        "image index 40 is out of range: cifar10 has 40 images (0 to 39)", beyond.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageSelection.byIndex(data, List.of(-1L)));
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class, () -> DatasetBatches.evaluationSubset(data, 4, 0));
    assertTrue(none.getMessage().startsWith("an evaluation subset needs at least 1 image"));
  }

  @Test
  void firstOfClassesCountsPositionsInTheDataSet() throws IOException {
    ImageSelection s = ImageSelection.firstOfClasses(data(), List.of("cat", "1"), 2);
    // label(i) = (7i + 3) mod 10: cat (3) at records 0 and 10, automobile (1) at 4 and 14
    assertArrayEquals(new long[] {0, 10, 4, 14}, s.indices());
    assertEquals(List.of("0000-cat", "0010-cat", "0004-automobile", "0014-automobile"), s.names());
    for (int i = 0; i < 4; i++) {
      assertEquals(s.indices()[i], record(s.images(), i));
    }
  }

  private static List<String> ids(DatasetBatches batches) {
    List<String> ids = new ArrayList<>();
    try (batches) {
      for (LabelledBatch b : batches) {
        ids.addAll(b.ids());
      }
    }
    return ids;
  }
}
