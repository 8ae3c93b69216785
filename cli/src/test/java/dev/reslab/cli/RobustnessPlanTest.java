package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.robustness.RobustnessPlan;
import dev.reslab.model.resnet.Stem;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The corruptions exactly as the robustness command builds them from its options. */
class RobustnessPlanTest {

  /**
   * The blur of ImageNet-C/CIFAR-10-C is skimage's gaussian, which extends the edge pixel
   * ('nearest'): on a row whose first pixel is 1, output[j] is the sum of the kernel's taps at
   * distances >= j (by hand from exp(-d^2/2s^2)).
   */
  @Test
  void blurSeveritiesRepeatTheEdgePixelAsSkimageDoes() {
    RobustnessCommand command = new RobustnessCommand();
    new CommandLine(command)
        .parseArgs("--model", "m", "--out", "o", "--corruptions", "gaussian_blur");
    List<RobustnessPlan.Step> steps = command.plan(Stem.CIFAR).corruptions();
    assertEquals(5, steps.size());
    float[] pixels = new float[40];
    pixels[0] = 1;
    ImageBatch row = new ImageBatch(pixels, 1, 1, 40, 1);
    for (RobustnessPlan.Step step : steps) {
      double sigma = step.corruption().parameter();
      int radius = (int) (4 * sigma + 0.5);
      double sum = 0;
      for (int d = -radius; d <= radius; d++) {
        sum += Math.exp(-d * d / (2 * sigma * sigma));
      }
      ImageBatch blurred = step.corruption().apply(row, 0);
      for (int j = 0; j < 40; j++) {
        double tail = 0;
        for (int d = j; d <= radius; d++) {
          tail += Math.exp(-d * d / (2 * sigma * sigma)) / sum;
        }
        assertEquals(
            tail, blurred.get(0, 0, j, 0), 1e-6, "severity " + step.severity() + ", pixel " + j);
      }
    }
  }
}
