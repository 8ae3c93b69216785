package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.model.resnet.Head;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void deletingTheMapsTopPixelsFollowsTheHandComputedProbabilities() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCamResult cam =
          GradCam.create(net.model, List.of("features"))
              .explain(squares, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      Faithfulness deletion = new Faithfulness(net.model, Baseline.ZERO, 1);
      FaithfulnessScore s = deletion.score(cam, 0, 9 / 64.0).get(0);
      // image 0: 9 red pixels, 4 green; class 0 probability σ(2·mean(R − G))
      double clean = sigmoid(2 * 5 / 64.0);
      double redGone = sigmoid(2 * -4 / 64.0);
      assertEquals(clean, s.probabilities()[0], 1e-6);
      assertEquals(0.5, s.probabilities()[1], 1e-6); // everything deleted: logits 0
      assertEquals((clean + 0.5) / 2, s.deletionAuc(), 1e-6);
      assertEquals(clean - redGone, s.confidenceDrop(), 1e-6);
    }
  }

  /** Tied values (a map's zeros) are deleted spread over the image, not top row first. */
  @Test
  void tiedPixelsAreDeletedSpreadOverTheImage() {
    float[] map = new float[64]; // 8x8, all tied except two pixels
    map[63] = 2f;
    map[9] = 1f;
    int[] order = Faithfulness.deletionOrder(map);
    assertEquals(63, order[0]);
    assertEquals(9, order[1]);
    assertEquals(64, Arrays.stream(order).distinct().count());
    // the first 16 tied pixels (a quarter) reach every quadrant and lie in at least 5 of 8 rows
    int[] quadrants = new int[4];
    Set<Integer> rows = new HashSet<>();
    for (int j = 2; j < 18; j++) {
      int y = order[j] / 8;
      int x = order[j] % 8;
      quadrants[(y / 4) * 2 + x / 4]++;
      rows.add(y);
    }
    for (int q : quadrants) {
      assertTrue(q > 0, Arrays.toString(quadrants));
    }
    assertTrue(rows.size() >= 5, rows.toString());
    assertEquals(Arrays.toString(order), Arrays.toString(Faithfulness.deletionOrder(map.clone())));
  }

  @Test
  void theRightMapScoresBetterThanAWrongOne() {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCamResult cam =
          GradCam.create(net.model, List.of("features"))
              .explain(squares, List.of(Target.ofClass(0)), CamMethod.GRAD_CAM);
      // a wrong map: the green square (evidence against class 0) first, the background next, the
      // red square last
      float[] wrong = new float[64];
      for (int i = 0; i < 64; i++) {
        int y = i / 8;
        int x = i % 8;
        wrong[i] = y >= 6 && x >= 6 ? 1f : y < 3 && x < 3 ? 0f : 0.5f;
      }
      Faithfulness deletion = new Faithfulness(net.model, Baseline.ZERO, 16);
      FaithfulnessScore right =
          deletion.score(squares, 0, cam.map(0, 0), cam.targets().get(0), 0.2);
      FaithfulnessScore bad = deletion.score(squares, 0, wrong, cam.targets().get(0), 0.2);
      assertEquals(17, right.fractions().length);
      assertTrue(
          right.deletionAuc() < bad.deletionAuc(),
          right.deletionAuc() + " vs " + bad.deletionAuc());
      assertTrue(
          right.confidenceDrop() > 0 && bad.confidenceDrop() < 0,
          right.confidenceDrop() + " vs " + bad.confidenceDrop());
    }
  }
}
