package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.lock.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train → eval → resume on synthetic data, end to end through the command line, and its one-line
 * errors.
 */
class TrainEvalCommandTest {
  private static final String[] SMALL = {
    "--width-factor",
    "0.125",
    "--depths",
    "1,1,1,1",
    "--limit-train",
    "320",
    "--limit-val",
    "160",
    "--batch-size",
    "32"
  };

  @TempDir Path tmp;

  private static String[] args(String[] head, String... tail) {
    String[] all = new String[head.length + SMALL.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
    System.arraycopy(tail, 0, all, head.length + SMALL.length, tail.length);
    return all;
  }

  @Test
  void trainsEvaluatesAndResumes() throws Exception {

    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            args(
                new String[] {
                  "train", "--dataset", "synthetic", "--epochs", "1", "--out", run.toString()
                }));
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("epoch 1: train_loss"), train.out());
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/epoch-001/ckpt.index")));

    Path json = tmp.resolve("eval.json");
    CliRun eval =
        CliRun.of(
            "eval", "--model", run.toString(), "--split", "test", "--json-file", json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("accuracy"), eval.out());
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    double accuracy = doc.get("accuracy").asDouble();
    assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy is a fraction: " + accuracy);
    assertEquals(1, doc.get("epoch").asInt());

    // while another trainer holds the run, neither a resume nor a second train touches it
    try (RunLock other = RunLock.acquire(run, "trained")) {
      for (CliRun refused :
          new CliRun[] {
            CliRun.of("train", "--resume", run.toString(), "--epochs", "2"),
            CliRun.of(
                args(
                    new String[] {
                      "train", "--dataset", "synthetic", "--epochs", "1", "--out", run.toString()
                    }))
          }) {
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(
            refused
                .err()
                .strip()
                .matches(
                    "reslab train: "
                        + Pattern.quote(run.toAbsolutePath().toString())
                        + " is being trained by another thread of this process \\(pid \\d+ on"
                        + " \\S+, since \\S+Z\\); wait for it or use another --out"),
            refused.err());
      }
    }
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "untouched");

    CliRun resume = CliRun.of("train", "--resume", run.toString(), "--epochs", "2");
    assertEquals(0, resume.exitCode(), resume.err());
    assertTrue(resume.out().contains("resuming"), resume.out());
    assertTrue(resume.out().contains("epoch 2: train_loss"), resume.out());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());

    // a hand-edited config.json: one line with the field, where it is, what it must be
    Path config = run.resolve("config.json");
    List<String> lines =
        Files.readAllLines(config).stream()
            .map(l -> l.replaceFirst("\"widthFactor\" : [0-9.]+", "\"widthFactor\" : \"wide\""))
            .toList();
    Files.write(config, lines);
    int line = 0;
    while (!lines.get(line).contains("\"wide\"")) {
      line++;
    }
    CliRun edited = CliRun.of("eval", "--model", run.toString());
    assertEquals(2, edited.exitCode(), edited.err());
    assertEquals(
        "reslab eval: "
            + config
            + ": \"model.widthFactor\" at line "
            + (line + 1)
            + ", column "
            + (lines.get(line).indexOf("\"wide\"") + 1)
            + " must be a number, found \"wide\"",
        edited.err().strip());
    Files.writeString(config, String.join("\n", lines).replace("\"wide\"", "0.125,,"));
    CliRun broken = CliRun.of("train", "--resume", run.toString());
    assertEquals(2, broken.exitCode(), broken.err());
    assertTrue(
        broken
            .err()
            .strip()
            .matches("reslab train: .*config.json: line \\d+, column \\d+: not valid JSON: .*"),
        broken.err());
  }

  @Test
  void badInputGivesOneLineErrors() throws Exception {
    CliRun unknown = CliRun.of("train", "--dataset", "mnist", "--out", tmp.resolve("a").toString());
    assertEquals(2, unknown.exitCode());
    assertEquals(
        "reslab train: unknown data set 'mnist'; expected one of cifar10, cifar10-jpeg, folder, celeba, "
            + "imagenet-v2, synthetic, synthetic-multilabel",
        unknown.err().strip());
    CliRun batch =
        CliRun.of(
            "train",
            "--dataset",
            "synthetic",
            "--batch-size",
            "0",
            "--out",
            tmp.resolve("b").toString());
    assertEquals(2, batch.exitCode());
    assertEquals("reslab train: batch size must be at least 1, got 0", batch.err().strip());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliRun unwritable =
        CliRun.of(
            args(
                new String[] {
                  "train",
                  "--dataset",
                  "synthetic",
                  "--epochs",
                  "1",
                  "--out",
                  file.resolve("run").toString()
                }));
    assertEquals(2, unwritable.exitCode());
    assertTrue(
        unwritable.err().startsWith("reslab train: cannot write the run directory "),
        unwritable.err());
    assertEquals(1, unwritable.err().strip().lines().count(), unwritable.err());
    CliRun frozen =
        CliRun.of(
            args(
                new String[] {
                  "train",
                  "--dataset",
                  "synthetic",
                  "--epochs",
                  "1",
                  "--freeze",
                  "conv1,bn1,layer1,layer2,layer3,layer4,fc",
                  "--out",
                  tmp.resolve("c").toString()
                }));
    assertEquals(2, frozen.exitCode());
    assertTrue(frozen.err().contains("leaves nothing to train"), frozen.err());
    CliRun noRun = CliRun.of("eval", "--model", tmp.toString());
    assertEquals(2, noRun.exitCode());
    assertTrue(noRun.err().contains("is neither a run directory"), noRun.err());
  }

  @Test
  void quickstartRunsOfflineOnSyntheticData() {
    Path run = tmp.resolve("qs");
    CliRun qs =
        CliRun.of(
            "quickstart",
            "--offline",
            "--epochs",
            "1",
            "--width-factor",
            "0.125",
            "--limit-train",
            "256",
            "--out",
            run.toString());
    assertEquals(0, qs.exitCode(), qs.err());
    assertTrue(
        qs.out().contains("using synthetic shapes instead") || qs.out().contains("on cifar10"),
        qs.out());
    assertTrue(qs.out().contains("Run directory: " + run.toAbsolutePath()), qs.out());
    assertTrue(Files.isRegularFile(run.resolve("evaluation.json")));
  }
}
