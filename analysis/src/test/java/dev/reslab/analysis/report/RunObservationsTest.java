package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.study.StudyData;
import dev.reslab.data.DataSpec;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warnings a run's observations must give. */
class RunObservationsTest {
  @TempDir Path tmp;

  private List<String> observations(double bestAccuracy, String validationSplit) throws Exception {
    DataSpec data = ReportFixtures.DATA.withValidationSplit(validationSplit);
    Path dir = tmp.resolve(validationSplit + bestAccuracy);
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig(
        new RunConfig(
            ReportFixtures.TINY,
            TrainingConfig.defaults(2, 32).withSelection("val_accuracy", 0),
            new StudyData(data, 0).toMap(),
            Map.of("reslab", "test"),
            "2026-11-23T12:00:00Z"));
    Files.writeString(
        dir.resolve("metrics.jsonl"),
        String.format(
            Locale.ROOT,
            "{\"epoch\":1,\"train_loss\":2.3,\"train_accuracy\":0.1,\"val_loss\":2.3,\"val_accuracy\":0.09,"
                + "\"seconds\":1,\"lr\":0.001,\"images_per_second\":9}%n"
                + "{\"epoch\":2,\"train_loss\":2.2,\"train_accuracy\":0.12,\"val_loss\":2.2,\"val_accuracy\":%s,"
                + "\"seconds\":1,\"lr\":0.001,\"images_per_second\":9}%n",
            bestAccuracy));
    Files.writeString(
        dir.resolve("best.json"),
        "{\"epoch\": 2, \"metric\": \"val_accuracy\", \"value\": " + bestAccuracy + "}");
    return RunSection.observations(
        RunFacts.read(dir, "r"), DatasetFacts.of(new StudyData(data, 0)));
  }

  @Test
  void nearChanceAndSelectionOnTheTestSplit() throws Exception {
    // 12.5 % of 96 images: the Wilson interval [7.3, 20.6] holds the 10 % of guessing among 10
    // classes
    List<String> weak = observations(0.125, "test");
    assertTrue(weak.stream().anyMatch(o -> o.startsWith("**Near chance**")), weak.toString());
    assertTrue(
        weak.stream().anyMatch(o -> o.contains("selected on the test split")), weak.toString());

    List<String> fine = observations(0.5, "valid");
    assertFalse(
        fine.stream().anyMatch(o -> o.contains("Near chance") || o.contains("test split")),
        fine.toString());
  }
}
