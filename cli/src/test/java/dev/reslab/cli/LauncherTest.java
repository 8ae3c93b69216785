package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user meets it: TensorFlow's own log lines hidden unless asked for. */
class LauncherTest {
  private static final String[] TRAIN = {
    "train",
    "--dataset",
    "synthetic",
    "--preset",
    "resnet20",
    "--width-factor",
    "0.25",
    "--epochs",
    "1",
    "--limit-train",
    "64",
    "--limit-val",
    "32",
    "--batch-size",
    "32",
    "--out"
  };

  @TempDir Path tmp;

  private static String[] train(Path out, String... more) {
    String[] all = new String[TRAIN.length + 1 + more.length];
    System.arraycopy(TRAIN, 0, all, 0, TRAIN.length);
    all[TRAIN.length] = out.toString();
    System.arraycopy(more, 0, all, TRAIN.length + 1, more.length);
    return all;
  }

  @Test
  void trainingWritesOnlyTheProjectsLinesToStderr() throws Exception {
    LauncherRun run = LauncherRun.of(Map.of(), train(tmp.resolve("run")));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("best epoch 1 of 1"), run.out());
    // All the project writes to stderr while training is its progress bar (a line, as stderr is not
    // a terminal).
    List<String> foreign =
        run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("epoch 1/1 ")).toList();
    assertEquals(List.of(), foreign, run.err());
  }

  @Test
  void verboseShowsTensorFlowsLines() throws Exception {
    LauncherRun run = LauncherRun.of(Map.of(), train(tmp.resolve("run"), "--verbose"));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("MLIR V1 optimization pass is not enabled"), run.err());
    assertTrue(run.err().contains("All log messages before absl::InitializeLog()"), run.err());
  }

  @Test
  void summaryDoesNotLoadTensorFlow() throws Exception {
    Path classLog = tmp.resolve("classes.log");
    LauncherRun run =
        LauncherRun.of(
            Map.of("RESLAB_JAVA_OPTS", "-Xmx256m -Xlog:class+load=info:file=" + classLog),
            "summary",
            "--preset",
            "resnet18",
            "--stem",
            "imagenet",
            "--classes",
            "1000");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Trainable parameters: 11,689,512"), run.out());
    String loaded = Files.readString(classLog);
    assertTrue(loaded.contains("dev.reslab.model.resnet.ModelSummary"), "the class log works");
    assertFalse(
        loaded.contains("org.tensorflow.internal.c_api"),
        "summary loaded TensorFlow's native library");
  }
}
