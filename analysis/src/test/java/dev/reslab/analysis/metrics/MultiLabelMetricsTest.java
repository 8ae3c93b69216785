package dev.reslab.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {

  // Four rows, three labels, threshold 0.5 (predicted when p > 0.5):
  // label 0: p .9 .4 .6 .2, truth 1 1 0 0 -> pred 1 0 1 0: TP1 FN1 FP1 TN1; acc .5, P .5, R .5, F1
  // .5
  //          AUC pairs (pos .9,.4 vs neg .6,.2): .9>.6 .9>.2 .4<.6 .4>.2 -> 3/4
  // label 1: p .7 .7 .7 .1, truth 1 0 0 0 -> pred 1 1 1 0: TP1 FP2 TN1; acc .5, P 1/3, R 1, F1
  // 2/(2+2) = .5
  //          AUC (pos .7 vs neg .7,.7,.1): tie, tie, win -> (1/2 + 1/2 + 1)/3 = 2/3
  // label 2: p .3 .8 .5 .1, truth 0 0 0 0 -> pred 0 1 0 0 (.5 is not above .5): FP1 TN3; acc .75, P
  // 0, R 0, F1 0
  //          no positives: AUC undefined
  // micro: TP 2, FP 4, FN 1, TN 5 -> accuracy 7/12, P 2/6, R 2/3, F1 4/9
  // macro: P (.5 + 1/3 + 0)/3 = 0.277778, R (.5 + 1 + 0)/3 = .5, F1 (.5 + .5 + 0)/3 = 1/3
  // auc_macro over labels 0 and 1: (3/4 + 2/3)/2 = 0.708333
  static final float[] PROBS = {
    .9f, .7f, .3f,
    .4f, .7f, .8f,
    .6f, .7f, .5f,
    .2f, .1f, .1f
  };
  static final float[] TRUTH = {
    1, 1, 0,
    1, 0, 0,
    0, 0, 0,
    0, 0, 0
  };

  @Test
  void handWorkedExample() {
    MultiLabelMetrics m = new MultiLabelMetrics(3);
    m.update(PROBS, TRUTH, 4, 3);
    Map<String, Double> r = m.results();
    assertEquals(
        List.of(
            "accuracy",
            "precision_micro",
            "recall_micro",
            "f1_micro",
            "precision_macro",
            "recall_macro",
            "f1_macro",
            "auc_macro",
            "auc_undefined_labels"),
        List.copyOf(r.keySet()));
    assertEquals(7.0 / 12, r.get("accuracy"), 1e-12);
    assertEquals(2.0 / 6, r.get("precision_micro"), 1e-12);
    assertEquals(2.0 / 3, r.get("recall_micro"), 1e-12);
    assertEquals(4.0 / 9, r.get("f1_micro"), 1e-12);
    assertEquals(0.277778, r.get("precision_macro"), 1e-6);
    assertEquals(0.5, r.get("recall_macro"), 1e-12);
    assertEquals(1.0 / 3, r.get("f1_macro"), 1e-12);
    assertEquals(0.708333, r.get("auc_macro"), 1e-6);
    assertEquals(1.0, r.get("auc_undefined_labels"), 0.0);
  }

  @Test
  void perLabelResultsAndUndefinedAuc() {
    MultiLabelMetrics m = new MultiLabelMetrics(3);
    m.update(PROBS, TRUTH, 4, 3);
    List<LabelResult> labels = m.labelResults();
    assertEquals(new LabelResult(0, 2, 2, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.75), labels.get(0));
    assertEquals(2.0 / 3, labels.get(1).auc(), 1e-12);
    assertEquals(1.0 / 3, labels.get(1).precision(), 1e-12);
    assertTrue(Double.isNaN(m.auc(2)), "no positives: NaN, not 0");
    assertEquals(List.of(2), m.undefinedAucLabels());
    assertEquals(
        "label 2 has no ROC curve: 0 positives and 4 negatives",
        assertThrows(IllegalStateException.class, () -> m.rocCurve(2)).getMessage());
  }

  @Test
  void rocCurvePoints() {
    MultiLabelMetrics m = new MultiLabelMetrics(3);
    m.update(PROBS, TRUTH, 4, 3);
    // label 0 from the top: .9 pos -> (0,.5); .6 neg -> (.5,.5); .4 pos -> (.5,1); .2 neg -> (1,1)
    RocCurve c = m.rocCurve(0);
    assertArrayEquals(new double[] {0, 0, .5, .5, 1}, c.falsePositiveRate(), 0.0);
    assertArrayEquals(new double[] {0, .5, .5, 1, 1}, c.truePositiveRate(), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, c.thresholds()[0]);
    assertEquals(.9f, c.thresholds()[1], 0.0);
    assertEquals(0.75, c.trapezoidalArea(), 1e-12);
    // label 1: the three .7 scores form one point (2/3, 1), then (1, 1)
    RocCurve tied = m.rocCurve(1);
    assertArrayEquals(new double[] {0, 2.0 / 3, 1}, tied.falsePositiveRate(), 1e-12);
    assertArrayEquals(new double[] {0, 1, 1}, tied.truePositiveRate(), 0.0);
  }

  @Test
  void labelWithOnlyPositivesIsUndefinedToo() {
    MultiLabelMetrics m = new MultiLabelMetrics(1);
    m.update(new float[] {.2f, .9f}, new float[] {1, 1}, 2, 1);
    assertTrue(m.results().get("auc_macro").isNaN());
    assertEquals(1.0, m.results().get("auc_undefined_labels"), 0.0);
    assertEquals(0.5, m.results().get("accuracy"), 0.0);
  }

  @Test
  void thresholdIsConfigurable() {
    // at 0.25, label 0 predicts rows 0,1,2: TP2 FP1 TN1; label 1: TP1 FP2 TN1; label 2 (.3 .8 .5
    // .1): FP3 TN1
    // accuracy (3 + 2 + 1)/12 = 0.5; AUC does not depend on the threshold
    MultiLabelMetrics m = new MultiLabelMetrics(3, 0.25);
    m.update(PROBS, TRUTH, 4, 3);
    assertEquals(0.5, m.results().get("accuracy"), 1e-12);
    assertEquals(0.708333, m.results().get("auc_macro"), 1e-6);
  }

  @Test
  void badInput() {
    MultiLabelMetrics m = new MultiLabelMetrics(3);
    assertEquals(
        "multi-label targets must be 0 or 1, got -1.0 at row 1, label 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.update(new float[6], new float[] {1, 0, 0, -1, 0, 0}, 2, 3))
            .getMessage());
    assertEquals(
        "probabilities has 6 values, expected batch 3 x 3 labels = 9",
        assertThrows(
                IllegalArgumentException.class, () -> m.update(new float[6], new float[9], 3, 3))
            .getMessage());
    assertEquals(
        "threshold must be a probability in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new MultiLabelMetrics(3, 1.5))
            .getMessage());
    assertEquals(0, m.count());
    assertTrue(m.results().get("accuracy").isNaN());
  }

  @Test
  void resetAndBatchSplitting() {
    MultiLabelMetrics m = new MultiLabelMetrics(3);
    m.update(new float[] {1, 1, 1}, new float[] {0, 0, 0}, 1, 3);
    m.reset();
    for (int r = 0; r < 4; r++) {
      m.update(
          Arrays.copyOfRange(PROBS, 3 * r, 3 * r + 3),
          Arrays.copyOfRange(TRUTH, 3 * r, 3 * r + 3),
          1,
          3);
    }
    MultiLabelMetrics whole = new MultiLabelMetrics(3);
    whole.update(PROBS, TRUTH, 4, 3);
    assertEquals(whole.results(), m.results());
  }
}
