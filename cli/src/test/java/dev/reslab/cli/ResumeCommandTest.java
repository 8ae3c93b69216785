package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume}: a resumed run keeps its recorded settings (a new one given is refused,
 * not ignored), may be told more epochs and where its data set moved, and records both.
 */
class ResumeCommandTest {
  @TempDir Path tmp;

  @Test
  void aResumeTakesEpochsAndAMovedDataFolderAndRefusesOtherSettings() throws IOException {
    Path data = tmp.resolve("pets");
    Random r = new Random(5);
    for (String c : List.of("cat", "dog")) {
      Files.createDirectories(data.resolve(c));
      for (int i = 0; i < 4; i++) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            img.setRGB(x, y, r.nextInt(1 << 24));
          }
        }
        ImageIO.write(img, "png", data.resolve(c + "/" + i + ".png").toFile());
      }
    }
    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--dataset",
            "folder",
            "--data",
            data.toString(),
            "--val-split",
            "none",
            "--width-factor",
            "0.125",
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());

    // before: trained on at the recorded learning rate and precision without a word
    CliRun settings =
        CliRun.of("train", "--resume", run.toString(), "--lr", "0.1", "--precision", "bf16");
    assertEquals(2, settings.exitCode(), settings.out() + settings.err());
    assertTrue(
        settings
            .err()
            .contains(
                "--lr, --precision do not apply to --resume: "
                    + run
                    + " continues with the settings it recorded"),
        settings.err());
    assertTrue(settings.err().contains("--init " + run + " --out NEW"), settings.err());

    Path moved = tmp.resolve("pets-moved");
    Files.move(data, moved);
    CliRun gone = CliRun.of("train", "--resume", run.toString(), "--epochs", "2");
    assertEquals(2, gone.exitCode(), gone.out() + gone.err());
    assertTrue(
        gone.err()
            .contains(
                "recorded its data set folder in "
                    + data
                    + ", which no longer exists; give the data set's folder with --dataset folder"
                    + " --data DIR"),
        gone.err());

    CliRun other =
        CliRun.of(
            "train",
            "--resume",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            moved.toString());
    assertEquals(2, other.exitCode(), other.out() + other.err());
    assertTrue(
        other.err().contains("--dataset cifar10 would change the data mid-run"), other.err());

    CliRun resumed =
        CliRun.of(
            "train",
            "--resume",
            run.toString(),
            "--epochs",
            "2",
            "--dataset",
            "folder",
            "--data",
            moved.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("epoch 2: train_loss"), resumed.out());
    // config.json describes the run as it now is: 2 epochs, data read from where it moved
    RunConfig config = RunDirectory.open(run).readConfig();
    assertEquals(2, config.training().epochs());
    assertEquals(moved.toString(), config.data().get("dir"));
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
  }
}
