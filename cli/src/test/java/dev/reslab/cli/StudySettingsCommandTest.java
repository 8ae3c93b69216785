package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tune} optimises by default, and training settings that a search or sweep would
 * override in every training.
 */
class StudySettingsCommandTest {
  @TempDir Path tmp;

  @Test
  void aSettingTheSearchChoosesIsRefusedNamingTheSearchFlag() {
    Path study = tmp.resolve("study");
    String[][] cases = {
      {
        "--lr", "0.01", "--lr would be ignored by tune: the learning rate is searched in --lr-range"
      },
      {
        "--batch-size", "16", "--batch-size would be ignored by tune: the batch size is chosen from"
      },
      {"--optimizer", "sgd", "--optimizer would be ignored by tune: the optimizer is chosen from"},
      {"--weight-decay", "0.001", "(--wd-range none trains with --weight-decay)"}
    };
    for (String[] c : cases) {
      CliRun tune =
          CliRun.of("tune", "--dataset", "synthetic", c[0], c[1], "--out", study.toString());
      assertEquals(2, tune.exitCode(), tune.out() + tune.err());
      assertTrue(tune.err().contains(c[2]), tune.err());
      assertFalse(Files.exists(study), "nothing written");
    }
    // without a weight-decay search, --weight-decay is what every trial trains with
    CliRun fixed =
        CliRun.of(
            "tune",
            "--dataset",
            "synthetic",
            "--wd-range",
            "none",
            "--weight-decay",
            "0.001",
            "--trials",
            "0",
            "--out",
            study.toString());
    assertEquals(2, fixed.exitCode(), fixed.err());
    assertTrue(fixed.err().contains("--trials must be at least 1"), fixed.err());
  }

  @Test
  void aSweepRefusesTheSettingItVaries() {
    Path study = tmp.resolve("sweep");
    CliRun sweep =
        CliRun.of(
            "sweep",
            "--dataset",
            "synthetic",
            "--lrs",
            "0.1,0.01",
            "--lr",
            "0.5",
            "--out",
            study.toString());
    assertEquals(2, sweep.exitCode(), sweep.out() + sweep.err());
    assertTrue(
        sweep.err().contains("--lr would be ignored: the sweep trains with each of --lrs 0.1,0.01"),
        sweep.err());
    assertFalse(Files.exists(study), "nothing written");
  }

  /** Accuracy over 40 mostly-absent labels rewards predicting "absent": AUC is the default. */
  @Test
  void multiLabelDataIsTunedForMacroAucByDefault() throws IOException {
    Path study = tmp.resolve("ml");
    CliRun tune =
        CliRun.of(
            "tune",
            "--dataset",
            "synthetic-multilabel",
            "--width-factor",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--epochs",
            "1",
            "--trials",
            "1",
            "--limit-train",
            "32",
            "--limit-val",
            "16",
            "--batch-sizes",
            "16",
            "--out",
            study.toString());
    assertEquals(0, tune.exitCode(), tune.err());
    assertTrue(tune.out().contains("; optimising val_auc_macro"), tune.out());
    assertTrue(
        Files.readString(study.resolve("tuning.json")).contains("\"val_auc_macro\""),
        Files.readString(study.resolve("tuning.json")));
  }
}
