package dev.reslab.analysis.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary numbers papers report, checked against values worked out by hand. */
class RobustnessSummaryTest {

  /**
   * Clean 90/100, then noise at severities 1-2 and blur at 1-2 with the given correct counts of
   * 100.
   */
  private static RobustnessTable table(long clean, long n1, long n2, long b1, long b2) {
    List<RobustnessRow> rows = new ArrayList<>();
    rows.add(new RobustnessRow(RobustnessRow.CLEAN, 0, 0, clean, 100));
    rows.add(new RobustnessRow("gaussian_noise", 1, 0.04, n1, 100));
    rows.add(new RobustnessRow("gaussian_noise", 2, 0.06, n2, 100));
    rows.add(new RobustnessRow("gaussian_blur", 1, 0.4, b1, 100));
    rows.add(new RobustnessRow("gaussian_blur", 2, 0.6, b2, 100));
    return new RobustnessTable(rows);
  }

  @Test
  void meansAndCorruptionErrors() {
    RobustnessTable model = table(90, 80, 60, 70, 50);
    assertEquals((0.8 + 0.6 + 0.7 + 0.5) / 4, model.meanCorruptionAccuracy(), 1e-12);
    assertEquals(
        Map.of("gaussian_noise", 0.7, "gaussian_blur", 0.6).keySet(),
        model.meanAccuracyByCorruption().keySet());
    assertEquals(0.7, model.meanAccuracyByCorruption().get("gaussian_noise"), 1e-12);
    assertEquals(0.6, model.meanAccuracyByCorruption().get("gaussian_blur"), 1e-12);

    RobustnessTable baseline = table(80, 60, 40, 50, 30);
    // noise: errors (0.2 + 0.4) / (0.4 + 0.6) = 0.6; blur: (0.3 + 0.5) / (0.5 + 0.7) = 2/3; mCE
    // their mean
    Map<String, Double> ce = model.corruptionErrors(baseline);
    assertEquals(0.6, ce.get("gaussian_noise"), 1e-12);
    assertEquals(2.0 / 3, ce.get("gaussian_blur"), 1e-12);
    assertEquals((0.6 + 2.0 / 3) / 2, model.meanCorruptionError(baseline), 1e-12);
    assertEquals(
        1.0, baseline.meanCorruptionError(baseline), 1e-12, "a model against itself has mCE 1");

    String md = RobustnessReport.summaryMarkdown(model, baseline);
    assertTrue(md.contains("mean accuracy over all corruptions and severities 65.00 %"), md);
    assertTrue(md.contains("| gaussian_noise | 70.00 % | 50.00 % | 0.600 |"), md);
    assertTrue(md.contains("mCE relative to the baseline: 0.633"), md);
  }

  @Test
  void directParametersHaveNoSummary() {
    RobustnessTable direct =
        new RobustnessTable(
            List.of(
                new RobustnessRow(RobustnessRow.CLEAN, 0, 0, 9, 10),
                new RobustnessRow("gaussian_noise", -1, 0.1, 5, 10)));
    assertTrue(Double.isNaN(direct.meanCorruptionAccuracy()));
    assertEquals("", RobustnessReport.summaryMarkdown(direct, null));
  }
}
