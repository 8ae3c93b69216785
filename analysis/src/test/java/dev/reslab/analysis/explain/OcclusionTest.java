package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.model.resnet.Head;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OcclusionTest {

  /**
   * The hand-built network's class-0 probability: softmax of (m, −m) with m = mean(R − G) is σ(2m).
   */
  private static double p0(float[] image) {
    double sum = 0;
    for (int i = 0; i < 64; i++) {
      sum += image[i * 3] - image[i * 3 + 1];
    }
    return 1 / (1 + Math.exp(-2 * sum / 64));
  }

  @Test
  void dropsAreTheProbabilityLostUnderEachPatch() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      OcclusionSettings settings =
          new OcclusionSettings(3, 2, Baseline.ZERO, 5); // batches cut across images
      assertArrayEquals(new int[] {0, 2, 4, 5}, settings.positions(8));
      List<OcclusionMap> maps =
          new Occlusion(net.model, settings).run(squares, List.of(Target.ofClass(0)), null);
      for (int n = 0; n < 2; n++) {
        OcclusionMap m = maps.get(n);
        assertEquals(4, m.rows());
        assertEquals(4, m.columns());
        float[] image = squares.image(n);
        assertEquals(p0(image), m.probability(), 1e-6);
        int[] pos = settings.positions(8);
        for (int a = 0; a < 4; a++) {
          for (int b = 0; b < 4; b++) {
            float[] occluded = image.clone();
            for (int y = pos[a]; y < pos[a] + 3; y++) {
              for (int x = pos[b]; x < pos[b] + 3; x++) {
                for (int c = 0; c < 3; c++) {
                  occluded[(y * 8 + x) * 3 + c] = 0;
                }
              }
            }
            assertEquals(
                p0(image) - p0(occluded),
                m.drops()[a * 4 + b],
                1e-6,
                "image " + n + " at " + a + "," + b);
          }
        }
        // pixel (0, 0) is covered by the patch at (0, 0) only; pixel (2, 2) by the four at
        // rows/columns 0 and 2
        assertEquals(m.drops()[0], m.heatmap()[0], 1e-7);
        float mean = (m.drops()[0] + m.drops()[1] + m.drops()[4] + m.drops()[5]) / 4;
        assertEquals(mean, m.heatmap()[2 * 8 + 2], 1e-7);
      }
      // class 0's evidence on image 0 is its red square: occluding it costs most, occluding green
      // helps
      float[] drops = maps.get(0).drops();
      assertTrue(drops[0] > 0.05, "drop at the red square " + drops[0]);
      assertTrue(drops[15] < 0, "drop at the green square " + drops[15]);
    }
  }

  @Test
  void meanBaselineAndPredictedTargetsAndErrors() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      float[] mean = Baseline.MEAN.of(squares, 0, 1);
      assertEquals(9 / 64f, mean[0], 1e-7);
      assertEquals(4 / 64f, mean[1], 1e-7);
      List<OcclusionMap> maps =
          new Occlusion(net.model, new OcclusionSettings(8, 1, Baseline.MEAN, 64))
              .run(squares, List.of(Target.predicted()), null);
      // the whole image replaced by its mean colour keeps mean(R − G): nothing is lost
      assertEquals(0f, maps.get(0).drops()[0], 1e-6);
      assertEquals(0, maps.get(0).target().index());
      assertEquals(1, maps.get(1).target().index());
      List<Long> progress = new ArrayList<>();
      new Occlusion(net.model, new OcclusionSettings(4, 4, Baseline.BLUR, 3))
          .run(squares, List.of(Target.ofClass(1)), (done, all) -> progress.add(done * 100 + all));
      assertEquals(List.of(308L, 608L, 808L), progress);
      IllegalArgumentException big =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new Occlusion(net.model, new OcclusionSettings(9, 1, Baseline.ZERO, 8))
                      .run(squares, List.of(Target.predicted()), null));
      assertEquals(
          "occlusion patch of 9 pixels is larger than the image side of 8", big.getMessage());
      IllegalArgumentException range =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new Occlusion(net.model, new OcclusionSettings(2, 2, Baseline.ZERO, 8))
                      .run(squares, List.of(Target.ofClass(2)), null));
      assertEquals(
          "class index 2 is out of range: the model has 2 outputs (0..1)", range.getMessage());
      assertEquals(
          "unknown baseline 'gray'; expected zero, mean or blur",
          assertThrows(IllegalArgumentException.class, () -> Baseline.parse("gray")).getMessage());
    }
  }
}
