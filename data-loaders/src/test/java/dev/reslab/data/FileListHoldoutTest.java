package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.data.PipelineFetcher.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Data sets whose files are chosen in Java (image folders, ImageNet-V2, CelebA) keep a holdout's
 * two sides apart: training reads the rest, validation the held-out part, and together they are the
 * split. Before, ImageNet-V2 and CelebA ignored the holdout, so "validation" was the training set.
 */
class FileListHoldoutTest {
  private static final Holdout TENTH = new Holdout(0.1, 5);

  @TempDir Path tmp;

  /** Every image of one side of the holdout, as its pixel list (each fixture image is unique). */
  private static List<List<Float>> images(ImageDataset data, Holdout.Part part) {
    PipelineOptions options =
        PipelineOptions.evaluation(7).toBuilder().holdout(TENTH, part).build();
    List<List<Float>> out = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      for (Batch b : PipelineFetcher.epoch(s, data.pipeline(Ops.create(g), options), 0)) {
        for (float[][][] image : b.images()) {
          List<Float> pixels = new ArrayList<>();
          for (float[][] row : image) {
            for (float[] px : row) {
              for (float v : px) {
                pixels.add(v);
              }
            }
          }
          out.add(pixels);
        }
      }
    }
    return out;
  }

  /** The two sides: disjoint, together every image, {@code held} of them held out. */
  private static void assertSplitsApart(ImageDataset data, int all, int held) {
    List<List<Float>> rest = images(data, Holdout.Part.REST);
    List<List<Float>> heldOut = images(data, Holdout.Part.HELD_OUT);
    assertEquals(held, heldOut.size(), "held out");
    assertEquals(all - held, rest.size(), "left for training");
    Set<List<Float>> union = new HashSet<>(rest);
    union.addAll(heldOut);
    assertEquals(all, union.size(), "no image on both sides, none lost");
  }

  @Test
  void imageNetV2HoldsOutATenthOfEachClass() throws IOException {
    Path root = tmp.resolve("v2");
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 10; i++) {
        ImageFolderDatasetTest.writePng(
            root.resolve(c + "/img" + i + ".jpeg"), 12, 12, false, 100 * c + i);
      }
    }
    assertSplitsApart(ImageNetV2Dataset.open(root, 8), 20, 2);
  }

  @Test
  void imageFolderHoldsOutATenthOfEachClass() throws IOException {
    Path root = tmp.resolve("folder");
    for (String c : List.of("cat", "dog")) {
      for (int i = 0; i < 10; i++) {
        ImageFolderDatasetTest.writePng(
            root.resolve(c + "/" + i + ".png"), 8, 8, false, i + c.hashCode());
      }
    }
    assertSplitsApart(ImageFolderDataset.open(root, List.of(), 8), 20, 2);
  }

  @Test
  void celebAHoldsOutATenthOfItsTrainingRows() throws IOException {
    Path dir = tmp.resolve("celeba");
    StringBuilder attrs = new StringBuilder("20\r\nSmiling Young\r\n");
    StringBuilder partition = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      String name = String.format("%06d.jpg", i);
      attrs.append(name).append(i % 2 == 0 ? "  1" : " -1").append(i % 3 == 0 ? "  1" : " -1");
      attrs.append("\r\n");
      partition.append(name).append(" 0\n");
      ImageFolderDatasetTest.writePng(dir.resolve("img_align_celeba/" + name), 8, 8, false, i);
    }
    Files.writeString(dir.resolve("list_attr_celeba.txt"), attrs);
    Files.writeString(dir.resolve("list_eval_partition.txt"), partition);
    assertSplitsApart(CelebADataset.open(dir, Split.TRAIN, List.of(), 8), 20, 2);
  }

  @Test
  void aHoldoutThatHoldsOutNothingIsAnError() throws IOException {
    // ImageNet-V2's shared sample: one image per class, and 10 % of one rounds to none.
    Path root = tmp.resolve("sample");
    for (int c : new int[] {0, 7, 999}) {
      ImageFolderDatasetTest.writePng(root.resolve(c + "/a.jpeg"), 12, 12, false, c);
    }
    ImageNetV2Dataset data = ImageNetV2Dataset.open(root, 8);
    DataException e = assertThrows(DataException.class, () -> images(data, Holdout.Part.HELD_OUT));
    assertEquals(
        "a 10 % holdout of 3 examples in 3 classes holds out none (a class needs at least 5"
            + " examples to give one); validate on another split, or on none",
        e.getMessage());
  }

  @Test
  void chooseExamplesTakesTheHoldoutSideThenTheLimit() {
    long[] classes = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    PipelineOptions rest =
        PipelineOptions.evaluation(4).toBuilder()
            .holdout(new Holdout(0.2, 1), Holdout.Part.REST)
            .build();
    int[] all = rest.chooseExamples(classes.length, classes);
    // 20 % of 5 and of 10: one class-0 and two class-1 examples held out.
    assertEquals(12, all.length);
    int[] first = rest.toBuilder().limit(5).build().chooseExamples(classes.length, classes);
    assertEquals(List.of(all[0], all[1], all[2], all[3], all[4]), box(first));
    int[] held =
        rest.toBuilder()
            .holdout(new Holdout(0.2, 1), Holdout.Part.HELD_OUT)
            .build()
            .chooseExamples(classes.length, classes);
    assertEquals(3, held.length);
    Set<Integer> both = new HashSet<>(box(all));
    both.addAll(box(held));
    assertEquals(15, both.size());
  }

  private static List<Integer> box(int[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
