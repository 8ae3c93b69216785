package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers as a report writes them. */
class ReportNumbersTest {

  @Test
  void fractionsArePercentagesAndIntervalsOneCell() {
    assertEquals("91.6 %", ReportNumbers.percent(0.91631));
    assertEquals("91.6 % [89.7, 93.2]", ReportNumbers.interval(0.9163, 0.8971, 0.9318));
    assertEquals("1.2345", ReportNumbers.value("val_loss", 1.23454));
    assertEquals("45.0 %", ReportNumbers.value("train_f1_macro", 0.45));
    assertEquals("—", ReportNumbers.value("val_accuracy", Double.NaN));
    assertTrue(ReportNumbers.isFraction("val_auc_macro"));
    assertTrue(ReportNumbers.isFraction("F1-score"));
    assertTrue(ReportNumbers.isFraction("deletion_auc"));
    assertFalse(ReportNumbers.isFraction("chocolate_sauce"), "an ImageNet class, no AUC");
    assertFalse(ReportNumbers.isFraction("val_loss"));
    // a count of labels without an AUC, not a fraction: 15 labels, never "1500.0 %"
    assertFalse(ReportNumbers.isFraction("val_auc_undefined_labels"));
    assertEquals("15", ReportNumbers.value("val_auc_undefined_labels", 15.0));

    CsvTable csv =
        new CsvTable(
            List.of("class", "correct", "accuracy", "ci95_lower", "ci95_upper", "drop"),
            List.of(List.of("cat", "854", "0.9163", "0.8971", "0.9318", "0.021")),
            List.of(false, true, true, true, true, true),
            false);
    CsvTable shown = ReportNumbers.display(csv);
    assertEquals(List.of("class", "correct", "accuracy (95 % interval)", "drop"), shown.headers());
    assertEquals(List.of("cat", "854", "91.6 % [89.7, 93.2]", "2.1 %"), shown.rows().get(0));
    assertEquals(List.of(false, true, true, true), shown.numeric());
  }
}
