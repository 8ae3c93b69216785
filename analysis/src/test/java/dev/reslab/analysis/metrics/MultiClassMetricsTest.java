package dev.reslab.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiClassMetricsTest {

  // Six examples over three classes, worked by hand:
  // row  probabilities     true  predicted  rank of the true class (ties: lower index first)
  //  0   .7  .2  .1         0      0          0
  //  1   .2  .5  .3         0      1          2
  //  2   .1  .8  .1         1      1          0
  //  3   .3  .4  .3         2      1          2   (.4 above, class 0 ties at .3 and comes first)
  //  4   .2  .2  .6         2      2          0
  //  5   .6  .3  .1         1      0          1
  // confusion [true][pred] = [[1,1,0],[1,1,0],[0,1,1]]
  // accuracy 3/6; top-2 hits rows 0,2,4,5 = 4/6; top-3 = 6/6
  // precision: c0 1/2, c1 1/3, c2 1/1 -> macro 0.611111; recall 1/2 each -> 0.5
  // F1 = 2TP/(2TP+FP+FN): c0 2/4, c1 2/5, c2 2/3 -> macro (0.5 + 0.4 + 0.666667)/3 = 0.522222
  private static final float[] PROBS = {
    .7f, .2f, .1f,
    .2f, .5f, .3f,
    .1f, .8f, .1f,
    .3f, .4f, .3f,
    .2f, .2f, .6f,
    .6f, .3f, .1f
  };
  private static final float[] LABELS = oneHot(3, 0, 0, 1, 2, 2, 1);

  static float[] oneHot(int classes, int... truth) {
    float[] labels = new float[truth.length * classes];
    for (int r = 0; r < truth.length; r++) {
      labels[r * classes + truth[r]] = 1;
    }
    return labels;
  }

  @Test
  void handWorkedExample() {
    MultiClassMetrics m = new MultiClassMetrics(3, 2);
    m.update(PROBS, LABELS, 6, 3);
    Map<String, Double> r = m.results();
    assertEquals(
        List.of("accuracy", "top2", "precision_macro", "recall_macro", "f1_macro"),
        List.copyOf(r.keySet()));
    assertEquals(0.5, r.get("accuracy"), 1e-12);
    assertEquals(4.0 / 6, r.get("top2"), 1e-12);
    assertEquals(0.611111, r.get("precision_macro"), 1e-6);
    assertEquals(0.5, r.get("recall_macro"), 1e-12);
    assertEquals(0.522222, r.get("f1_macro"), 1e-6);
    assertArrayEquals(new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 1, 1}}, m.confusionMatrix().counts());
  }

  @Test
  void topFiveBecomesTopThreeWithThreeClasses() {
    MultiClassMetrics m = new MultiClassMetrics(3);
    m.update(PROBS, LABELS, 6, 3);
    assertEquals("top3", m.topKKey());
    assertEquals(1.0, m.results().get("top3"), 0.0);
    assertEquals("top5", new MultiClassMetrics(10).topKKey());
  }

  @Test
  void topFiveWithTenClasses() {
    // true class 9 in every row
    // row 0: p = c/100, class 9 highest                          -> rank 0: top-5 hit, top-1 hit
    // row 1: classes 4..8 at .9, class 9 at .5, the rest at .1   -> rank 5: top-5 miss
    // row 2: classes 5..8 at .9, class 9 at .5, the rest at .1   -> rank 4: top-5 hit
    // top5 = 2/3, accuracy = 1/3
    float[] probs = new float[30];
    for (int c = 0; c < 10; c++) {
      probs[c] = c / 100f;
      probs[10 + c] = c >= 4 ? 0.9f : 0.1f;
      probs[20 + c] = c >= 5 ? 0.9f : 0.1f;
    }
    probs[19] = 0.5f;
    probs[29] = 0.5f;
    MultiClassMetrics m = new MultiClassMetrics(10);
    m.update(probs, oneHot(10, 9, 9, 9), 3, 10);
    assertEquals(2.0 / 3, m.results().get("top5"), 1e-12);
    assertEquals(1.0 / 3, m.results().get("accuracy"), 1e-12);
  }

  @Test
  void tiedMaximumPredictsTheFirstAndTopOneAgreesWithAccuracy() {
    MultiClassMetrics m = new MultiClassMetrics(3, 1);
    m.update(new float[] {.4f, .4f, .2f, .4f, .4f, .2f}, oneHot(3, 1, 0), 2, 3);
    assertEquals(0.5, m.results().get("accuracy"), 0.0);
    assertEquals(0.5, m.results().get("top1"), 0.0);
    assertEquals(2, m.confusionMatrix().count(1, 0) + m.confusionMatrix().count(0, 0));
  }

  @Test
  void batchesAddUpAndResetForgets() {
    MultiClassMetrics whole = new MultiClassMetrics(3, 2);
    whole.update(PROBS, LABELS, 6, 3);
    MultiClassMetrics split = new MultiClassMetrics(3, 2);
    split.update(new float[] {9, 9, 9}, oneHot(3, 0), 1, 3);
    split.reset();
    assertEquals(0, split.count());
    assertTrue(split.results().get("accuracy").isNaN());
    split.update(Arrays.copyOfRange(PROBS, 0, 9), Arrays.copyOfRange(LABELS, 0, 9), 3, 3);
    split.update(Arrays.copyOfRange(PROBS, 9, 18), Arrays.copyOfRange(LABELS, 9, 18), 3, 3);
    assertEquals(whole.results(), split.results());
  }

  @Test
  void perClassAccuracyWithWilsonIntervals() {
    MultiClassMetrics m = new MultiClassMetrics(3);
    m.update(PROBS, LABELS, 6, 3);
    List<ClassAccuracy> perClass = m.perClass();
    for (ClassAccuracy a : perClass) {
      assertEquals(1, a.correct());
      assertEquals(2, a.total());
      assertEquals(0.5, a.accuracy(), 0.0);
      // Wilson 1 of 2, see WilsonIntervalTest.oneOfTwoAt95
      assertEquals(0.094531, a.interval().lower(), 1e-6);
      assertEquals(0.905469, a.interval().upper(), 1e-6);
    }
    // all counts are 1 with fraction 1/2: order falls back to the class indices
    assertEquals(
        List.of(
            new ConfusedPair(0, 1, 1, 0.5),
            new ConfusedPair(1, 0, 1, 0.5),
            new ConfusedPair(2, 1, 1, 0.5)),
        m.mostConfusedPairs(10));
  }

  @Test
  void badInputFailsWithOneLine() {
    MultiClassMetrics m = new MultiClassMetrics(3);
    assertEquals(
        "probabilities has 5 values, expected batch 2 x 3 classes = 6",
        assertThrows(
                IllegalArgumentException.class, () -> m.update(new float[5], oneHot(3, 0, 1), 2, 3))
            .getMessage());
    assertEquals(
        "labels has 3 values, expected batch 2 x 3 classes = 6",
        assertThrows(
                IllegalArgumentException.class, () -> m.update(new float[6], oneHot(3, 0), 2, 3))
            .getMessage());
    assertEquals(
        "got 4 classes per row, this collector was made for 3",
        assertThrows(
                IllegalArgumentException.class, () -> m.update(new float[8], oneHot(4, 0, 1), 2, 4))
            .getMessage());
    assertEquals(
        "probability is NaN at row 1, class 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.update(new float[] {0, 0, 0, 0, 0, Float.NaN}, oneHot(3, 0, 1), 2, 3))
            .getMessage());
    assertEquals(
        "label row 1 has no single largest value (expected one-hot)",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.update(new float[6], new float[] {1, 0, 0, 0, 0, 0}, 2, 3))
            .getMessage());
    assertEquals(
        "number of classes must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new MultiClassMetrics(0)).getMessage());
    assertEquals(0, m.count(), "a rejected batch must not be counted");
  }
}
