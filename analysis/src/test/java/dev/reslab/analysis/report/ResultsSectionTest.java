package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsSectionTest {

  @TempDir Path dir;

  @Test
  void accuraciesAndMacroAucsShowAsPercentagesOtherNumbersAsWritten() throws Exception {
    Path summary = dir.resolve("summary.json");
    Files.writeString(
        summary,
        "{\"precision\":\"bf16\",\"clean_auc_macro\":0.9123,\"mean_corruption_accuracy\":0.5,"
            + "\"mce_vs_baseline\":0.8}");
    assertEquals(
        List.of(
            List.of("precision", "bf16"),
            List.of("clean_auc_macro", "91.23 %"),
            List.of("mean_corruption_accuracy", "50.00 %"),
            List.of("mce_vs_baseline", "0.8")),
        ResultsSection.summaryRows(summary));
  }
}
