package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.reslab.model.run.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process killed with SIGKILL at random instants, again and again, then resumed to the end: its
 * metrics, best epoch and checkpoints equal those of a run that was never interrupted.
 */
class KillResumeTest {
  private static final int KILLS = 20;
  private static final int EPOCHS = 30;

  @TempDir
  Path tmp;

  @Test
  void killedTwentyTimesAtRandomInstantsEndsLikeAnUninterruptedRun() throws Exception {
    Path killed = tmp.resolve("killed");
    long seed = Long.getLong("reslab.test.killSeed", System.nanoTime());
    Random random = new Random(seed);
    int kills = 0;
    boolean finished = false;
    while (kills < KILLS && !finished) {
      Process p = start(killed);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line = out.readLine(); // the first epoch of this process has started: TensorFlow is up
        if (line == null || !line.startsWith("epoch ")) {
          finished = line != null && line.equals("finished");
          assertTrue(p.waitFor(60, TimeUnit.SECONDS));
          assertEquals(0, p.exitValue(), "the training process failed (kill seed " + seed + ")");
          continue;
        }
        // an epoch of this tiny run takes a few hundred milliseconds: the kills fall in steps, validation,
        // checkpoint writes, best-epoch updates, pruning and metric writes alike
        Thread.sleep(random.nextInt(1500));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        kills++;
      }
    }
    assertEquals(KILLS, kills, "the run finished before it was killed " + KILLS + " times (seed " + seed + ")");
    Process last = start(killed);
    String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(last.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, last.exitValue(), output);

    Path whole = tmp.resolve("whole");
    TrainingResult reference = TrainingProcessMain.trainer(whole, EPOCHS).build().run();
    RunDirectory a = RunDirectory.open(whole);
    RunDirectory b = RunDirectory.open(killed);
    assertEquals(metricColumns(reference.epochs()), metricColumns(b.readMetrics()), "kill seed " + seed);
    assertEquals(metricColumns(a.readMetrics()), metricColumns(metricsLog(killed)), "metrics.jsonl, seed " + seed);
    assertEquals(Files.readAllLines(whole.resolve("metrics.csv")).size(),
        Files.readAllLines(killed.resolve("metrics.csv")).size());
    assertEquals(reference.bestEpoch(), b.bestEpoch().orElseThrow(), "best epoch, kill seed " + seed);
    assertEquals(Files.readString(whole.resolve("best.json")), Files.readString(killed.resolve("best.json")));
    assertEquals(Files.readSymbolicLink(whole.resolve("best")), Files.readSymbolicLink(killed.resolve("best")));
    assertEquals(a.checkpointEpochs(), b.checkpointEpochs(), "kept checkpoints");
    try (Stream<Path> left = Files.list(b.checkpointsDir())) {
      assertFalse(left.anyMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary folder is left");
    }
  }

  private static Process start(Path dir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TrainingProcessMain.class.getName());
    cmd.add(dir.toString());
    cmd.add(String.valueOf(EPOCHS));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Everything but wall time: epoch, rate and every metric, exactly. */
  private static List<String> metricColumns(List<EpochResult> rows) {
    return rows.stream().map(r -> r.epoch() + " " + r.learningRate() + " " + r.metrics()).toList();
  }

  private static List<EpochResult> metricsLog(Path run) throws Exception {
    // metrics.jsonl as written, not the committed record readMetrics() prefers
    List<EpochResult> rows = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      com.fasterxml.jackson.databind.JsonNode n = json.readTree(line);
      java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
      n.fields().forEachRemaining(e -> {
        if (!List.of("epoch", "lr", "seconds", "images_per_second").contains(e.getKey())) {
          m.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
        }
      });
      rows.add(new EpochResult(n.get("epoch").asInt(), n.get("lr").asDouble(), m, 0, 0));
    }
    return rows;
  }
}
