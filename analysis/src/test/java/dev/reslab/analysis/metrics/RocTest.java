package dev.reslab.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocTest {

  @Test
  void textbookExample() {
    // pos .35 .8, neg .1 .4: .35>.1, .35<.4, .8>.1, .8>.4 -> 3/4
    Roc roc = Roc.of(new double[] {.1, .4, .35, .8}, new boolean[] {false, false, true, true});
    assertEquals(0.75, roc.auc(), 0.0);
  }

  @Test
  void tiesCountHalf() {
    // pos .5 .9, neg .5 .2: tie (1/2), win, win, win -> 3.5/4
    Roc roc = Roc.of(new double[] {.5, .5, .2, .9}, new boolean[] {true, false, false, true});
    assertEquals(0.875, roc.auc(), 0.0);
    // all scores equal: every pair ties -> 1/2
    assertEquals(
        0.5, Roc.of(new double[] {3, 3, 3}, new boolean[] {true, false, false}).auc(), 0.0);
    // -0.0 and 0.0 are the same score
    assertEquals(0.5, Roc.of(new double[] {-0.0, 0.0}, new boolean[] {true, false}).auc(), 0.0);
  }

  @Test
  void agreesWithPairwiseCountingAndTheCurveArea() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + random.nextInt(300);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(12) / 10.0; // few distinct values: many ties
        positive[i] = random.nextDouble() < 0.3;
      }
      positive[0] = true;
      positive[1] = false;
      double wins = 0;
      long pairs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (positive[i] && !positive[j]) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      Roc roc = Roc.of(scores, positive);
      assertEquals(wins / pairs, roc.auc(), 1e-12);
      assertEquals(roc.auc(), roc.curve().trapezoidalArea(), 1e-12);
    }
  }

  @Test
  void undefinedWithoutBothClasses() {
    Roc roc = Roc.of(new double[] {.1, .2}, new boolean[] {false, false});
    assertEquals(Double.NaN, roc.auc());
    assertThrows(IllegalStateException.class, roc::curve);
    assertEquals(
        "got 2 scores but 1 labels; they must pair up",
        assertThrows(
                IllegalArgumentException.class,
                () -> Roc.of(new double[] {.1, .2}, new boolean[] {true}))
            .getMessage());
  }
}
