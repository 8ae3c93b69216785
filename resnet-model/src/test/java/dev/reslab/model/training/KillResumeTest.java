package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.model.run.RunDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process killed with SIGKILL at random instants, again and again, then resumed to
 * the end: its metrics, best epoch and checkpoints equal those of a run that was never interrupted.
 */
class KillResumeTest {
  private static final int KILLS = 20;
  private static final int EPOCHS = 40;

  @TempDir Path tmp;

  @Test
  void killedTwentyTimesAtRandomInstantsEndsLikeAnUninterruptedRun() throws Exception {
    Path killed = tmp.resolve("killed");
    long seed = Long.getLong("reslab.test.killSeed", System.nanoTime());
    Random random = new Random(seed);
    int kills = 0;
    boolean finished = false;
    // How long an epoch takes here (the child says so after each one): kills are drawn over about
    // one epoch, so
    // they fall in steps, validation, checkpoint writes, best-epoch updates, pruning and metric
    // writes alike on a
    // quiet machine and a loaded one, and the run advances by less than an epoch per kill on
    // average.
    AtomicLong epochMillis = new AtomicLong(300);
    while (kills < KILLS && !finished) {
      Process p = start(killed);
      CountDownLatch started = new CountDownLatch(1);
      AtomicBoolean done = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("epoch ") && line.endsWith(" started")) {
                      started.countDown();
                    } else if (line.startsWith("epoch took ")) {
                      epochMillis.set(
                          Math.max(
                              20, Long.parseLong(line.substring("epoch took ".length()).trim())));
                    } else if (line.equals("finished")) {
                      done.set(true);
                    }
                  }
                } catch (IOException e) {
                  // the process was killed
                } finally {
                  started.countDown();
                }
              });
      reader.start();
      started.await(); // the first epoch of this process has started (TensorFlow is up), or the
      // process ended
      if (!p.isAlive() || done.get()) {
        reader.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the training process failed (kill seed " + seed + ")");
        finished = done.get();
        continue;
      }
      Thread.sleep((long) (random.nextDouble() * 1.3 * epochMillis.get()));
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      reader.join();
      kills++;
    }
    assertEquals(
        KILLS,
        kills,
        "the run finished before it was killed " + KILLS + " times (seed " + seed + ")");
    Process last = start(killed);
    String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(last.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, last.exitValue(), output);

    // The reference trains in a fresh process too: TensorFlow sizes its process-wide intra-op
    // thread pool from the
    // first session a process opens, so in this JVM, after other tests' sessions, '--threads 1'
    // would not hold.
    Path whole = tmp.resolve("whole");
    Process reference = start(whole);
    String referenceOutput =
        new String(reference.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(reference.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, reference.exitValue(), referenceOutput);
    RunDirectory a = RunDirectory.open(whole);
    RunDirectory b = RunDirectory.open(killed);
    assertEquals(
        metricColumns(a.readMetrics()), metricColumns(b.readMetrics()), "kill seed " + seed);
    assertEquals(
        metricColumns(a.readMetrics()),
        metricColumns(metricsLog(killed)),
        "metrics.jsonl, seed " + seed);
    assertEquals(
        Files.readAllLines(whole.resolve("metrics.csv")).size(),
        Files.readAllLines(killed.resolve("metrics.csv")).size());
    assertEquals(
        a.bestEpoch().orElseThrow(), b.bestEpoch().orElseThrow(), "best epoch, kill seed " + seed);
    assertEquals(
        Files.readString(whole.resolve("best.json")),
        Files.readString(killed.resolve("best.json")));
    assertEquals(
        Files.readSymbolicLink(whole.resolve("best")),
        Files.readSymbolicLink(killed.resolve("best")));
    assertEquals(a.checkpointEpochs(), b.checkpointEpochs(), "kept checkpoints");
    try (Stream<Path> left = Files.list(b.checkpointsDir())) {
      assertFalse(
          left.anyMatch(f -> f.getFileName().toString().startsWith(".")),
          "no temporary folder is left");
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
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = json.readTree(line);
      Map<String, Double> m = new LinkedHashMap<>();
      n.fields()
          .forEachRemaining(
              e -> {
                if (!List.of("epoch", "lr", "seconds", "images_per_second").contains(e.getKey())) {
                  m.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
                }
              });
      rows.add(new EpochResult(n.get("epoch").asInt(), n.get("lr").asDouble(), m, 0, 0));
    }
    return rows;
  }
}
