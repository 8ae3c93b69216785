package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reslab sweep} over training hyperparameters, on multi-label data (a sigmoid head, like
 * CelebA's).
 */
class SweepCommandTest {
  @TempDir Path tmp;

  @Test
  void aTrainingSweepComparesEveryCombinationEpochByEpoch() throws Exception {
    Path out = tmp.resolve("hparams");
    CliRun run =
        CliRun.of(
            "sweep",
            "--dataset",
            "synthetic-multilabel",
            "--width-factor",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--lrs",
            "0.01,0.001",
            "--batch-sizes",
            "16,32",
            "--epochs",
            "2",
            "--limit-train",
            "64",
            "--limit-val",
            "32",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("sweep study: 4 variants × 1 seed(s) = 4 runs"), run.out());
    String results = Files.readString(out.resolve("results.md"));
    assertTrue(results.startsWith("| variant | lr | batch_size | parameters |"), results);
    for (String v : new String[] {"lr0.01-bs16", "lr0.01-bs32", "lr0.001-bs16", "lr0.001-bs32"}) {
      assertTrue(results.contains("### " + v + "\n\n| epoch | train_loss |"), results);
      assertTrue(results.contains(v + ": best epoch "), results);
    }
    for (String metric :
        new String[] {
          "train_loss",
          "val_loss",
          "val_accuracy",
          "val_f1_macro",
          "val_auc_macro",
          "val_precision_macro"
        }) {
      assertTrue(Files.size(out.resolve(metric + "-curves.png")) > 1000, metric);
    }
    String report = Files.readString(out.resolve("report/report.md"));
    assertTrue(report.contains("Per epoch, every variant"), report);
    // each variant trained with its own batch size
    String config = Files.readString(out.resolve("runs/lr0.001-bs16/seed-0/config.json"));
    assertTrue(
        config.contains("\"batchSize\":16") || config.contains("\"batchSize\" : 16"), config);
  }

  @Test
  void aSweepVariesTheModelOrTheTrainingNotBoth() {
    CliRun run =
        CliRun.of(
            "sweep",
            "--dataset",
            "synthetic",
            "--lrs",
            "0.01",
            "--sweep-widths",
            "1",
            "--out",
            tmp.resolve("x").toString());
    assertEquals(2, run.exitCode());
    assertEquals(
        "reslab sweep: a sweep varies the model (--sweep-widths, --sweep-depths, --grid) or the training "
            + "(--lrs, --batch-sizes, --optimizers), not both",
        run.err().strip());
  }
}
