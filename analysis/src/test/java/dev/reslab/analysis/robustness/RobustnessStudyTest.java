package dev.reslab.analysis.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RobustnessStudyTest {

  private static final int IMAGES = 4000;

  /** One-pixel images of value 0.3, class 0; the classifier says 1 when the pixel is above 0.5. */
  private static List<LabelledBatch> data(int batchSize) {
    List<LabelledBatch> batches = new ArrayList<>();
    for (int start = 0; start < IMAGES; start += batchSize) {
      int n = Math.min(batchSize, IMAGES - start);
      float[] pixels = new float[n];
      Arrays.fill(pixels, 0.3f);
      batches.add(new LabelledBatch(new ImageBatch(pixels, n, 1, 1, 1), new int[n]));
    }
    return batches;
  }

  private static final ImageClassifier THRESHOLD =
      images -> {
        int[] predicted = new int[images.batch()];
        for (int i = 0; i < predicted.length; i++) {
          predicted[i] = images.pixels()[i] > 0.5f ? 1 : 0;
        }
        return predicted;
      };

  @Test
  void accuraciesFollowFromTheCorruptions() {
    RobustnessTable table =
        RobustnessStudy.run(
            THRESHOLD, data(64), RobustnessPlan.standard(SeverityTable.IMAGENET_C, 5));
    assertEquals(16, table.rows().size());
    assertEquals(1.0, table.clean().accuracy(), 0.0);
    for (int severity = 1; severity <= 5; severity++) {
      // noise: wrong when 0.3 + cZ > 0.5, so accuracy = Φ(0.2 / c)
      double c = SeverityTable.IMAGENET_C.parameter("gaussian_noise", severity);
      double expected = NormalDistribution.cdf(0.2 / c);
      RobustnessRow noise = table.row("gaussian_noise", severity);
      assertEquals(
          expected, noise.accuracy(), 5 * Math.sqrt(expected * (1 - expected) / IMAGES) + 1e-3);
      assertEquals(1 - noise.accuracy(), table.drop(noise), 1e-12);
      // impulse: wrong when the pixel turns to salt (probability c/2)
      double f = SeverityTable.IMAGENET_C.parameter("salt_pepper", severity);
      double p = 1 - f / 2;
      assertEquals(
          p, table.row("impulse", severity).accuracy(), 5 * Math.sqrt(p * (1 - p) / IMAGES));
      // blur of a one-pixel image with reflecting borders changes nothing
      assertEquals(1.0, table.row("gaussian_blur", severity).accuracy(), 0.0);
    }
  }

  @Test
  void batchSizeDoesNotChangeTheTable() {
    RobustnessPlan plan = RobustnessPlan.standard(SeverityTable.CIFAR10_C, 9);
    assertEquals(
        RobustnessStudy.run(THRESHOLD, data(7), plan).rows(),
        RobustnessStudy.run(THRESHOLD, data(1000), plan).rows());
  }

  @Test
  void csvAndPlots() throws Exception {
    // clean 8/10; noise severity 1: 6/10 -> drop 0.2, relative 0.25
    RobustnessTable table =
        new RobustnessTable(
            List.of(
                new RobustnessRow("clean", 0, 0, 8, 10),
                new RobustnessRow("gaussian_noise", 1, 0.04, 6, 10),
                new RobustnessRow("gaussian_noise", 2, 0.06, 5, 10),
                new RobustnessRow("salt_pepper", 1, 0.01, 7, 10),
                new RobustnessRow("salt_pepper", 2, 0.02, 3, 10)));
    String[] csv = table.toCsv().split("\n");
    assertEquals(
        "corruption,severity,parameter,correct,total,accuracy,ci95_lower,ci95_upper,drop,relative_drop",
        csv[0]);
    assertTrue(csv[1].startsWith("clean,0,0,8,10,0.8,0.49"), csv[1]);
    assertTrue(
        csv[2].startsWith("gaussian_noise,1,0.04,6,10,0.6,") && csv[2].endsWith(",0.2,0.25"),
        csv[2]);
    Path dir = Path.of("target", "plot-samples");
    table.writeSeverityCurves(dir.resolve("robustness-curves.png"), "Robustness (example numbers)");
    table.writeBarChart(dir.resolve("robustness-bars.png"), "Robustness (example numbers)");
    assertTrue(Files.size(dir.resolve("robustness-curves.png")) > 1000);
    assertTrue(Files.size(dir.resolve("robustness-bars.png")) > 1000);
  }

  @Test
  void directParametersAndBadInput() {
    RobustnessTable table =
        RobustnessStudy.run(
            THRESHOLD, data(500), RobustnessPlan.parameters("salt_pepper", new double[] {0, 1}, 1));
    assertEquals(
        1.0,
        table.row("salt_pepper", -1).accuracy(),
        0.0); // the first row with severity -1: fraction 0
    assertEquals(0.5, table.rows().get(2).accuracy(), 0.05); // fraction 1: half salt
    assertEquals(
        "the classifier returned 0 predictions for 500 images",
        assertThrows(
                IllegalStateException.class,
                () ->
                    RobustnessStudy.run(
                        images -> new int[0],
                        data(500),
                        RobustnessPlan.standard(SeverityTable.CIFAR10_C, 1)))
            .getMessage());
    assertEquals(
        "got 1 labels for a batch of 2 images",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LabelledBatch(new ImageBatch(new float[2], 2, 1, 1, 1), new int[1]))
            .getMessage());
  }
}
