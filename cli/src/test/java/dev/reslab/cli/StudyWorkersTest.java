package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.study.PostgresServer;
import dev.reslab.analysis.study.Trial;
import dev.reslab.analysis.study.TrialStorage;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes (separate JVMs) on one tiny ablation, the first killed with {@code kill -9}
 * during its second (last) epoch: every variant × seed trains once to completion, the killed run is
 * taken over and continues from its checkpoint, and the study's results equal those of one worker
 * with the same seeds ({@code --threads 1}). On a real PostgreSQL server whose password comes from
 * {@code PGPASSWORD} (never on a command line), and on SQLite.
 */
class StudyWorkersTest {
  @TempDir static Path tmp;

  /**
   * 2 variants × 2 seeds, 2 epochs of 8 steps at width 0.125: long enough to be killed in the
   * second epoch.
   */
  static final List<String> STUDY =
      List.of(
          "ablate",
          "--dataset",
          "synthetic",
          "--width",
          "0.125",
          "--depths",
          "1,1,1,1",
          "--ablate",
          "layer4",
          "--epochs",
          "2",
          "--limit-train",
          "256",
          "--limit-val",
          "64",
          "--batch-size",
          "32",
          "--seeds",
          "2",
          "--threads",
          "1",
          "--no-report");

  static String reference;

  /**
   * The single worker runs in its own process like the two it is compared with: TensorFlow sizes
   * its process-wide thread pool from a process's first session, so in this JVM, after other tests'
   * sessions, {@code --threads 1} would not hold and the numbers would differ in their last digits.
   */
  @BeforeAll
  static void oneWorker() throws Exception {
    Path dir = tmp.resolve("one-worker");
    Path log = tmp.resolve("one-worker.log");
    Process p = start(Map.of(), log, args(STUDY, "--out", dir.toString()));
    assertEquals(0, p.waitFor(), Files.readString(log));
    reference = Files.readString(dir.resolve("results.csv"));
  }

  @Test
  void twoWorkersOnPostgresOneKilled() throws Exception {
    String url = PostgresServer.newDatabase("workers", "reslab", "worker-secret");
    Path pgpass = tmp.resolve("pgpass");
    Files.writeString(pgpass, "*:*:*:reslab:worker-secret\n");
    System.setProperty(
        "org.postgresql.pgpassfile", pgpass.toString()); // this JVM reads the password file
    try {
      twoWorkersOneKilled(
          url,
          tmp.resolve("pg"),
          Map.of("PGPASSWORD", "worker-secret")); // the workers, the variable
    } finally {
      System.clearProperty("org.postgresql.pgpassfile");
    }
  }

  @Test
  void twoWorkersOnSqliteOneKilled() throws Exception {
    Path root = tmp.resolve("sqlite");
    twoWorkersOneKilled(
        "jdbc:sqlite:" + root.resolve("a/study.db").toAbsolutePath(), root, Map.of());
  }

  private static void twoWorkersOneKilled(String url, Path root, Map<String, String> env)
      throws Exception {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    Files.createDirectories(b);
    Path logA = root.resolve("a.log");
    Path logB = root.resolve("b.log");
    // worker A makes the study and works on it; B joins once the study exists
    Process first =
        start(
            env, logA, args(STUDY, "--storage", url, "--study-name", "abl", "--out", a.toString()));
    waitFor(
        () -> Files.exists(logA) && Files.readString(logA).contains("more machines can join"),
        first,
        logA);
    Process second =
        start(env, logB, "worker", "--storage", url, "--study", "abl", "--out", b.toString());
    // kill A as soon as one of its runs has a checkpoint: it is then inside that run's second epoch
    Path[] victim = new Path[1];
    waitFor(() -> (victim[0] = checkpointed(a).orElse(null)) != null, first, logA);
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
    first.waitFor();
    List<Integer> before = RunDirectory.open(victim[0]).checkpointEpochs();
    assertTrue(
        before.size() < 2,
        "A was killed after finishing " + victim[0] + "; the test needs a slower epoch");
    assertEquals(0, second.waitFor(), Files.readString(logB));

    // A's command started again (as its user would) finds everything done and writes the tables
    CliRun again =
        CliRun.of(args(STUDY, "--storage", url, "--study-name", "abl", "--out", a.toString()));
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().lines().noneMatch(l -> l.startsWith("run ")), again.out());
    assertEquals(
        reference,
        Files.readString(a.resolve("results.csv")),
        "two workers, one killed, vs one worker");

    String outA = Files.readString(logA);
    String outB = Files.readString(logB);
    String variant = victim[0].getParent().getFileName().toString();
    String seed = victim[0].getFileName().toString().substring("seed-".length());
    assertTrue(outB.contains("taking over " + variant + " seed " + seed + " from "), outB);
    assertTrue(outB.contains(variant + ", seed " + seed + " (resuming)"), outB);
    // each run started from scratch exactly once over both workers; only the killed one was resumed
    List<String> fresh = new ArrayList<>();
    Stream.concat(outA.lines(), outB.lines())
        .filter(l -> l.matches("run \\d/4: .*"))
        .forEach(
            l -> {
              if (!l.endsWith("(resuming)")) {
                fresh.add(l.replaceAll("^run \\d/4: ", ""));
              }
            });
    assertEquals(4, fresh.size(), fresh.toString());
    assertEquals(4, fresh.stream().distinct().count(), fresh.toString());
    try (TrialStorage db = TrialStorage.openStudy(url, "abl")) {
      List<Trial> trials = db.trials();
      assertTrue(
          trials.stream().allMatch(t -> t.state() == Trial.State.COMPLETE), trials.toString());
      var epochs = db.epochs();
      for (Trial t : trials) {
        assertEquals(
            List.of(1, 2), epochs.get(t.number()).stream().map(EpochResult::epoch).toList());
        List<EpochResult> rows = RunDirectory.open(Path.of(t.runDir())).readMetrics();
        assertEquals(List.of(1, 2), rows.stream().map(EpochResult::epoch).toList(), t.runDir());
        if (Path.of(t.runDir()).equals(victim[0].toAbsolutePath())) {
          assertTrue(
              t.owner().endsWith(":" + second.pid()),
              "the killed run was finished by B: " + t.owner());
        }
      }
    }
    // the report says which worker ran what
    String runs = Files.readString(a.resolve("runs.csv"));
    assertTrue(runs.contains(":" + second.pid() + ","), runs);
  }

  /** A run directory of {@code study} with a checkpoint, if any. */
  private static Optional<Path> checkpointed(Path study) throws IOException {
    Path runs = study.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(runs, 4)) {
      return s.filter(p -> p.getFileName().toString().equals("epoch-001") && Files.isDirectory(p))
          .findFirst()
          .map(p -> p.getParent().getParent());
    }
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void waitFor(Condition c, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!c.holds()) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "the worker ended ("
                + p.exitValue()
                + ") before the test could go on:\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting on the worker:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
  }

  private static Process start(Map<String, String> env, Path log, String... args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
    for (String a : ProcessHandle.current().info().arguments().orElse(new String[0])) {
      if (a.startsWith("-Dorg.bytedeco")) {
        command.add(a);
      }
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), ReslabCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
