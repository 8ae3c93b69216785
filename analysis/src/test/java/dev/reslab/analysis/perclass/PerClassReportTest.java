package dev.reslab.analysis.perclass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.robustness.ImageClassifier;
import dev.reslab.analysis.robustness.LabelledBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerClassReportTest {

  @TempDir Path dir;

  /**
   * 2×2 images whose first pixel's red value says what the stub classifier predicts (value × 10,
   * rounded). Labels and predictions by hand: class 0: 4 images, 3 right, 1 → 1; class 1: 2 images,
   * 0 right, 2 → 2; class 2: 4 images, 4 right.
   */
  private static List<LabelledBatch> data() {
    int[] labels = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
    int[] predicted = {0, 1, 0, 0, 2, 2, 2, 2, 2, 2};
    List<LabelledBatch> batches = new ArrayList<>();
    for (int start = 0; start < 10; start += 4) {
      int n = Math.min(4, 10 - start);
      float[] px = new float[n * 12];
      for (int i = 0; i < n; i++) {
        px[i * 12] = predicted[start + i] / 10f;
      }
      List<String> ids = new ArrayList<>();
      for (int i = start; i < start + n; i++) {
        ids.add("img_" + (100 + i) + ".png"); // files, not positions
      }
      batches.add(
          new LabelledBatch(
              new ImageBatch(px, n, 2, 2, 3),
              Arrays.copyOfRange(labels, start, start + n),
              null,
              ids));
    }
    return batches;
  }

  private static final ImageClassifier STUB =
      images -> {
        int[] p = new int[images.batch()];
        for (int i = 0; i < p.length; i++) {
          p[i] = Math.round(images.get(i, 0, 0, 0) * 10);
        }
        return p;
      };

  @Test
  void handCountedConfusionIntervalsAndFiles() throws Exception {
    List<Long> progress = new ArrayList<>();
    PerClassResult r = PerClassReport.run(STUB, data(), 3, 2, progress::add);
    assertEquals(List.of(4L, 8L, 10L), progress);
    assertArrayEquals(new long[][] {{3, 1, 0}, {0, 0, 2}, {0, 0, 4}}, r.confusion().counts());
    assertEquals(3, r.misclassifiedTotal());
    assertEquals(2, r.misclassified().size()); // the first two only
    assertEquals(1, r.misclassified().get(0).index());
    assertEquals(1, r.misclassified().get(0).predictedClass());
    assertEquals(4, r.misclassified().get(1).index());
    // the gallery names the example itself, not its position in the evaluated data
    assertEquals("img_101.png", r.misclassified().get(0).example());
    assertEquals("img_104.png", r.misclassified().get(1).example());

    var files = PerClassReport.write(r, List.of("cat", "dog", "truck"), dir, 2, "stub");
    List<String> perClass = Files.readAllLines(files.get("per_class"));
    // Wilson 95 %: 3 of 4 → centre (3 + z²/2) / (4 + z²), half-width z·sqrt(p(1−p)/4 + z²/64) / (1
    // + z²/4)
    double z = 1.959963984540054;
    double p = 0.75;
    double centre = (p + z * z / 8) / (1 + z * z / 4);
    double half = z * Math.sqrt(p * (1 - p) / 4 + z * z / 64) / (1 + z * z / 4);
    String[] cat = perClass.get(1).split(",");
    assertEquals("cat", cat[0]);
    assertEquals("3", cat[2]);
    assertEquals("4", cat[3]);
    assertEquals(centre - half, Double.parseDouble(cat[5]), 1e-6);
    assertEquals(centre + half, Double.parseDouble(cat[6]), 1e-6);
    assertEquals(
        List.of("true\\predicted,cat,dog,truck", "cat,3,1,0", "dog,0,0,2", "truck,0,0,4"),
        Files.readAllLines(files.get("confusion")));
    List<String> topBottom = Files.readAllLines(files.get("top_bottom"));
    assertTrue(topBottom.get(1).startsWith("top,1,truck,2,4,4,1,"), topBottom.get(1));
    assertTrue(topBottom.get(3).startsWith("bottom,1,dog,1,0,2,0,"), topBottom.get(3));
    assertEquals("dog,truck,2,1", Files.readAllLines(files.get("confused_pairs")).get(1));
    assertEquals(
        List.of(
            "position,example,true_class,predicted_class",
            "1,img_101.png,cat,dog",
            "4,img_104.png,dog,truck"),
        Files.readAllLines(files.get("misclassified_list")));
    for (String png : List.of("confusion_heatmap", "misclassified")) {
      assertTrue(ImageIO.read(files.get(png).toFile()).getWidth() >= 300, png);
    }
    assertTrue(
        !files.containsKey("confusion_heatmap_first20"),
        "three classes need one confusion matrix, not two");
    assertTrue(Files.readString(files.get("summary")).contains("\"accuracy\" : 0.7"));
  }
}
