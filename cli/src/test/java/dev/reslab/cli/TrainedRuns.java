package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two small runs trained once per test JVM and shared by the Python-client tests, in one study
 * folder: a ResNet-18 (cifar stem, softmax, width 0.125) trained 2 epochs and resumed to 3, and a
 * multi-label sigmoid ResNet-18 trained 2 epochs with another learning rate.
 */
final class TrainedRuns {
  private static final String[] SMALL = {
    "--width-factor", "0.125", "--limit-train", "64", "--limit-val", "32", "--batch-size", "32"
  };
  private static Path study;

  private TrainedRuns() {}

  /** The folder holding both runs. */
  static synchronized Path study() {
    if (study == null) {
      try {
        Path dir = Files.createTempDirectory("reslab-python-runs");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteTree(dir)));
        train(dir.resolve("softmax"), "synthetic", "2", "--lr", "0.001");
        CliRun resumed =
            CliRun.of("train", "--resume", dir.resolve("softmax").toString(), "--epochs", "3");
        assertEquals(0, resumed.exitCode(), resumed.err());
        train(dir.resolve("multilabel"), "synthetic-multilabel", "2", "--lr", "0.01");
        study = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return study;
  }

  static Path softmax() {
    return study().resolve("softmax");
  }

  static Path multiLabel() {
    return study().resolve("multilabel");
  }

  private static void train(Path run, String dataset, String epochs, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("train", "--dataset", dataset, "--epochs", epochs, "--out", run.toString()));
    args.addAll(List.of(SMALL));
    args.addAll(List.of(more));
    CliRun train = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, train.exitCode(), train.err());
  }
}
