package dev.reslab.analysis.study;

import dev.reslab.data.DataSpec;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingStoppedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Trains the planned runs of a study kept in a {@link TrialStorage}, one at a time, until none is
 * left: the next waiting run, else one abandoned by a dead or silent worker (continued from its
 * last checkpoint when its run directory is reachable here, from scratch otherwise). Every epoch's
 * metrics go to the storage as they are made, a heartbeat says the run is alive, and the finished
 * run is marked complete. Any number of workers on any number of machines may serve one study; each
 * refuses a study made by another reslab version or with other data.
 */
public final class StudyWorker {
  private StudyWorker() {}

  /**
   * How a worker runs.
   *
   * @param runRoot where its run directories go ({@code runRoot/runs/VARIANT/seed-S}); a folder the
   *     workers share, or one of this machine's own
   * @param dataDir this machine's copy of the study's data set, or null for the folder the study
   *     recorded
   * @param heartbeatTimeout a run whose worker has been silent this long is taken over
   * @param waitForOthers when no run is free but others still train: wait for them (and take over
   *     any that is abandoned) rather than stop
   */
  public record Settings(
      Path runRoot, Path dataDir, Duration heartbeatTimeout, boolean waitForOthers) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public Settings {
      if (heartbeatTimeout.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException(
            "the heartbeat timeout must be at least 3 seconds, got "
                + heartbeatTimeout.toSeconds());
      }
    }

    /** Beats three times per timeout, so one late beat does not cost the run. */
    Duration beatEvery() {
      return heartbeatTimeout.dividedBy(4);
    }
  }

  /**
   * What a worker did.
   *
   * @param trained runs it trained from scratch
   * @param resumed runs it continued from a checkpoint (its own earlier attempt, or another
   *     worker's)
   * @param failed runs that diverged (NaN loss) and were marked failed
   */
  public record Outcome(int trained, int resumed, int failed) {}

  /** Thrown from the epoch listener when another worker has taken the run over. */
  private static final class TakenOver extends RuntimeException {
    TakenOver() {
      super("taken over", null, false, false);
    }
  }

  /**
   * The data set study {@code name} in {@code storage} was planned with (its folder on the machine
   * that made it).
   */
  public static DataSpec recordedData(String storage, String name) {
    try (TrialStorage db = TrialStorage.openStudy(storage, name)) {
      return StudyManifest.fromJson(db.plan().orElseThrow().json()).data().spec();
    }
  }

  /**
   * The plan of study {@code name} in {@code storage}, checked against this machine (version,
   * data).
   */
  public static StudyPlan plan(String storage, String name, Path dataDir) {
    try (TrialStorage db = TrialStorage.openStudy(storage, name)) {
      return checkedPlan(db, name, dataDir);
    }
  }

  private static StudyPlan checkedPlan(TrialStorage db, String name, Path dataDir) {
    TrialStorage.StoredPlan stored = db.plan().orElseThrow();
    String version = ReslabVersion.current();
    if (!stored.reslabVersion().equals(version)) {
      throw new IllegalArgumentException(
          "study '"
              + name
              + "' was made by reslab "
              + stored.reslabVersion()
              + " and this is reslab "
              + version
              + ": run the same version on every machine");
    }
    StudyPlan plan = StudyManifest.fromJson(stored.json());
    StudyData data = plan.data();
    if (dataDir != null) {
      data =
          new StudyData(
              data.spec().withDir(dataDir.toAbsolutePath().toString()), data.subsetSeed());
    } else if (data.spec().dir() != null && !Files.isDirectory(Path.of(data.spec().dir()))) {
      throw new IllegalArgumentException(
          "study '"
              + name
              + "' trains on "
              + data.spec().dataset()
              + " from "
              + data.spec().dir()
              + ", which is not on this machine: give this machine's copy of the data set");
    }
    String checksum = DataChecksum.of(data.spec());
    if (!checksum.equals(stored.dataChecksum())) {
      throw new IllegalArgumentException(
          "study '"
              + name
              + "' trains on "
              + data.spec().dataset()
              + " data with "
              + "checksum "
              + stored.dataChecksum()
              + " but "
              + (data.spec().dir() == null ? "this machine's" : "the copy in " + data.spec().dir())
              + " has "
              + checksum
              + ": a different or changed copy");
    }
    return plan.withData(data);
  }

  /**
   * Works on study {@code name} in {@code storage} until no run is left (see {@link
   * Settings#waitForOthers}).
   */
  public static Outcome run(
      String storage, String name, Settings settings, StudyListener listener) {
    int trained = 0;
    int resumed = 0;
    int failed = 0;
    try (TrialStorage db = TrialStorage.openStudy(storage, name)) {
      StudyPlan plan = checkedPlan(db, name, settings.dataDir());
      List<StudyPlan.StudyRun> runs = plan.runs();
      while (true) {
        Optional<TrialStorage.Claim> claim =
            db.claimPlanned(
                settings.heartbeatTimeout(), t -> runDir(t, settings.runRoot()).toString());
        if (claim.isEmpty()) {
          List<Trial> all = db.trials();
          boolean busy =
              all.stream()
                  .anyMatch(
                      t -> t.state() == Trial.State.RUNNING || t.state() == Trial.State.WAITING);
          if (!busy || !settings.waitForOthers()) {
            break;
          }
          sleep(settings.beatEvery());
          continue;
        }
        Trial trial = claim.get().trial();
        if (trial.number() > runs.size()) {
          // the study grew (more seeds) since this worker read its plan
          plan = checkedPlan(db, name, settings.dataDir());
          runs = plan.runs();
        }
        StudyPlan.StudyRun run = runs.get(trial.number() - 1);
        if (!run.params().equals(trial.params())) {
          throw new IllegalStateException(
              "stored run "
                  + trial.number()
                  + " is "
                  + trial.params()
                  + " but the plan says "
                  + run.params());
        }
        Path dir = Path.of(trial.runDir());
        TrainingConfig training = run.training(plan.training());
        VariantTraining.State state = VariantTraining.state(dir, training.epochs());
        String action =
            switch (state) {
              case FINISHED -> "skip";
              case PARTIAL -> "resume";
              case NEW -> "train";
            };
        if (claim.get().takenOver()) {
          listener.info(
              "taking over "
                  + run.variant().name()
                  + " seed "
                  + run.seed()
                  + " from "
                  + claim.get().previousOwner()
                  + (state == VariantTraining.State.PARTIAL
                      ? ", resuming in " + dir
                      : ", from scratch in " + dir));
        }
        listener.runStarted(run.variant().name(), run.seed(), trial.number(), runs.size(), action);
        Trial.State end;
        try {
          end =
              trainOne(
                  storage,
                  name,
                  db,
                  plan,
                  run,
                  trial.number(),
                  dir,
                  state,
                  settings.beatEvery(),
                  listener);
        } finally {
          db.release(trial.number());
        }
        if (end == Trial.State.COMPLETE && state == VariantTraining.State.PARTIAL) {
          resumed++;
        } else if (end == Trial.State.COMPLETE && state == VariantTraining.State.NEW) {
          trained++;
        } else if (end == Trial.State.FAIL) {
          failed++;
        }
      }
    }
    return new Outcome(trained, resumed, failed);
  }

  /**
   * Where this worker trains a run: where it was trained before if that folder is reachable here,
   * else its own.
   */
  private static Path runDir(Trial t, Path runRoot) {
    if (!t.runDir().isEmpty() && Files.isRegularFile(Path.of(t.runDir()).resolve("config.json"))) {
      return Path.of(t.runDir());
    }
    return runRoot
        .toAbsolutePath()
        .resolve(
            StudyPlan.runPath(t.params().get("variant"), Long.parseLong(t.params().get("seed"))))
        .normalize();
  }

  private static Trial.State trainOne(
      String storage,
      String name,
      TrialStorage db,
      StudyPlan plan,
      StudyPlan.StudyRun run,
      int number,
      Path dir,
      VariantTraining.State state,
      Duration beatEvery,
      StudyListener listener) {
    TrainingConfig training = run.training(plan.training());
    if (state != VariantTraining.State.NEW) {
      // epochs made before a kill are in the run's metrics; the storage may have missed the last of
      // them
      RunDirectory existing = RunDirectory.open(dir);
      int upTo =
          state == VariantTraining.State.FINISHED
              ? training.epochs()
              : existing.lastEpoch().orElse(0);
      existing.readMetrics().stream()
          .filter(r -> r.epoch() <= upTo)
          .forEach(r -> db.recordEpoch(number, r, plan.metric()));
    }
    if (state == VariantTraining.State.FINISHED) {
      db.finish(number, Trial.State.COMPLETE, lastValue(dir, training.epochs(), plan.metric()));
      return Trial.State.COMPLETE;
    }
    try (Heartbeat heartbeat = Heartbeat.start(storage, name, number, beatEvery)) {
      TrainingListener recording =
          new TrainingListener() {
            @Override
            public void epochFinished(EpochResult result, boolean best) {
              if (heartbeat.lost()) {
                throw new TakenOver();
              }
              db.recordEpoch(number, result, plan.metric());
            }
          };
      VariantTraining.train(
          run.variant().model().toBuilder().seed(run.seed()).build(),
          training,
          plan.data(),
          plan.init(),
          dir,
          recording,
          listener); // recorded first: the epoch is committed whatever the next listener does
      db.finish(number, Trial.State.COMPLETE, lastValue(dir, training.epochs(), plan.metric()));
      return Trial.State.COMPLETE;
    } catch (TakenOver e) {
      listener.info(
          run.variant().name()
              + " seed "
              + run.seed()
              + " was taken over by another worker while this "
              + "one was silent; leaving it to them");
      return Trial.State.RUNNING;
    } catch (TrainingStoppedException e) {
      listener.info(run.variant().name() + " seed " + run.seed() + " failed: " + e.getMessage());
      db.finish(number, Trial.State.FAIL, Double.NaN);
      return Trial.State.FAIL;
    }
  }

  private static double lastValue(Path dir, int epochs, String metric) {
    List<EpochResult> rows =
        RunDirectory.open(dir).readMetrics().stream().filter(r -> r.epoch() <= epochs).toList();
    return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).get(metric);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for other workers", e);
    }
  }
}
