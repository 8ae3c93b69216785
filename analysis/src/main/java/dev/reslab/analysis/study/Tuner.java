package dev.reslab.analysis.study;

import dev.reslab.ReslabException;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.run.RunState;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import dev.reslab.model.training.TrainingStop;
import dev.reslab.model.training.TrainingStoppedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Hyperparameter search: trials drawn by a sampler, each trained into {@code
 * STUDY/trials/trial-NNN}, the metric recorded after every epoch and the trial pruned when it falls
 * below the median; trials live in a {@link TrialStorage}, so a killed study started again takes
 * over its unfinished trial and adds trials until the planned number exists, each recorded once.
 *
 * <pre>
 * STUDY/study.db                      trials (SQLite, unless --storage names another database)
 * STUDY/trials/trial-NNN/             run directories; only the best keeps its checkpoints (unless keepAll)
 * STUDY/trials.csv, trials.md         one row per trial
 * STUDY/tuning.json                   settings and every trial with its per-epoch values (for reports)
 * STUDY/*.png, *.svg                  optimisation history, parameter importances, slices, parallel
 *                                     coordinates, intermediate values
 * </pre>
 */
public final class Tuner {
  private Tuner() {}

  /** The default storage: an SQLite file in the study directory. */
  public static String defaultStorage(Path dir) {
    return "jdbc:sqlite:" + dir.toAbsolutePath().resolve("study.db");
  }

  /**
   * A study folder whose trials started from other weights (or from fresh ones) must not gain
   * trials that start otherwise: their results would not compare.
   */
  static void checkSameInit(Path dir, StudyInit init) {
    Path trials = dir.resolve("trials");
    if (!Files.isDirectory(trials)) {
      return;
    }
    try (var runs = Files.list(trials)) {
      for (Path run : runs.sorted().toList()) {
        if (!Files.isRegularFile(run.resolve("config.json"))) {
          continue;
        }
        Map<String, Object> recorded = RunDirectory.open(run).readConfig().init();
        String had = recorded == null ? null : String.valueOf(recorded.get("sha256"));
        String wants = init == null ? null : init.sha256();
        if (!Objects.equals(had, wants)) {
          throw new ReslabException(
              dir
                  + " holds trials that started from "
                  + (had == null
                      ? "fresh weights"
                      : recorded.get("source") + " (sha256 " + had + ")")
                  + ", not from "
                  + (wants == null ? "fresh weights" : init.source() + " (sha256 " + wants + ")")
                  + "; resume it with the same initial weights or choose another study folder");
        }
        return; // every trial of the folder started alike
      }
    } catch (IOException e) {
      throw new ReslabException("cannot list " + trials + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs trials until the study has {@code settings.trials()} of them.
   *
   * @param storage a JDBC URL, or null for {@link #defaultStorage}
   */
  public static TuneResults run(
      ResNetConfig model,
      TrainingConfig base,
      StudyData data,
      Path dir,
      String storage,
      TuneSettings settings,
      StudyListener listener) {
    checkSameInit(dir, settings.init());
    try {
      Files.createDirectories(dir.resolve("trials"));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot create the study directory " + dir + ": " + e.getMessage());
    }
    Sampler sampler = settings.sampler();
    boolean max = settings.maximize();
    try (TrialStorage db =
        TrialStorage.open(
            storage == null ? defaultStorage(dir) : storage,
            settings.name(),
            settings.metric(),
            max,
            settings.space())) {
      while (true) {
        Optional<Trial> claimed =
            db.claim(
                settings.trials(),
                () -> {
                  List<Trial> finished = db.trials().stream().filter(Trial::finished).toList();
                  int next = db.trials().size() + 1;
                  // java.util.Random's first draws from consecutive seeds are nearly equal: mix the
                  // seed first
                  long mixed = new SplittableRandom(settings.seed() * 1_000_003L + next).nextLong();
                  return sampler.sample(settings.space(), finished, max, new Random(mixed));
                },
                n ->
                    dir.toAbsolutePath()
                        .resolve("trials")
                        .resolve(String.format("trial-%03d", n))
                        .toString());
        if (claimed.isEmpty()) {
          break;
        }
        runTrial(claimed.get(), model, base, data, settings, db, listener);
      }
      TuneResults results = new TuneResults(settings, db.trials());
      if (!settings.keepAll()) {
        results.best().ifPresent(best -> dropCheckpointsExcept(results, best));
      }
      results.write(dir);
      return results;
    }
  }

  private static void runTrial(
      Trial trial,
      ResNetConfig model,
      TrainingConfig base,
      StudyData data,
      TuneSettings settings,
      TrialStorage db,
      StudyListener listener) {
    Path runDir = Path.of(trial.runDir());
    TrainingConfig training = SearchSpace.apply(base, trial.params());
    VariantTraining.State state = VariantTraining.state(runDir, training.epochs());
    listener.runStarted(
        "trial-" + trial.number() + " " + trial.params(),
        training.seed(),
        trial.number(),
        settings.trials(),
        state == VariantTraining.State.PARTIAL
            ? "resume"
            : state == VariantTraining.State.FINISHED ? "skip" : "train");
    double[] last = {Double.NaN};
    TrainingListener pruning =
        new TrainingListener() {
          @Override
          public Optional<TrainingStop> stopAfterEpoch(List<EpochResult> history, int bestEpoch) {
            EpochResult result = history.get(history.size() - 1);
            if (!result.metrics().containsKey(settings.metric())) {
              throw new IllegalArgumentException(
                  "cannot tune '"
                      + settings.metric()
                      + "': recorded metrics are "
                      + String.join(", ", result.metrics().keySet()));
            }
            double v = result.get(settings.metric());
            if (settings.pruner() == null) {
              return Optional.empty();
            }
            List<Trial> others =
                db.trials().stream()
                    .filter(t -> t.finished() && t.number() != trial.number())
                    .toList();
            if (!settings
                .pruner()
                .prune(result.epoch(), training.epochs(), v, others, settings.maximize())) {
              return Optional.empty();
            }
            return Optional.of(
                new TrainingStop(
                    TrainingStop.Kind.PRUNED,
                    result.epoch(),
                    String.format(
                        Locale.ROOT,
                        "trial %d pruned after epoch %d: %s %.4f is worse than the median",
                        trial.number(),
                        result.epoch(),
                        settings.metric(),
                        v)));
          }

          @Override
          public void epochFinished(EpochResult result, boolean best) {
            last[0] = result.get(settings.metric());
            db.report(trial.number(), result.epoch(), last[0]);
          }
        };
    try {
      if (state == VariantTraining.State.FINISHED) {
        // killed after the last epoch but before the trial was marked: its metrics are all there
        List<EpochResult> rows = RunDirectory.open(runDir).readMetrics();
        rows.forEach(r -> db.report(trial.number(), r.epoch(), r.get(settings.metric())));
        last[0] = rows.get(rows.size() - 1).get(settings.metric());
        boolean pruned =
            RunDirectory.open(runDir)
                .lastState()
                .map(RunState::stop)
                .filter(s -> s.kind() == TrainingStop.Kind.PRUNED)
                .isPresent();
        if (pruned) {
          db.finish(trial.number(), Trial.State.PRUNED, last[0]);
          return;
        }
      } else {
        if (state == VariantTraining.State.PARTIAL) {
          // the epochs before the kill are in the run's metrics; the store may have missed the last
          // of them
          RunDirectory run = RunDirectory.open(runDir);
          int checkpoint = run.lastEpoch().orElse(0);
          run.readMetrics().stream()
              .filter(r -> r.epoch() <= checkpoint)
              .forEach(r -> db.report(trial.number(), r.epoch(), r.get(settings.metric())));
        }
        TrainingResult result =
            VariantTraining.train(
                model, training, data, settings.init(), runDir, listener, pruning);
        last[0] = result.last().get(settings.metric());
        if (result.stopped().filter(s -> s.kind() == TrainingStop.Kind.PRUNED).isPresent()) {
          db.finish(trial.number(), Trial.State.PRUNED, last[0]);
          return;
        }
      }
      db.finish(trial.number(), Trial.State.COMPLETE, last[0]);
    } catch (TrainingStoppedException e) {
      // a diverging learning rate is a result of the search, not a reason to stop it
      listener.info("trial " + trial.number() + " failed: " + e.getMessage());
      db.finish(trial.number(), Trial.State.FAIL, Double.NaN);
    }
  }

  /**
   * Frees the disk: only the best trial keeps its checkpoints; metrics and configuration stay for
   * every trial.
   */
  private static void dropCheckpointsExcept(TuneResults results, Trial best) {
    for (Trial t : results.trials()) {
      if (t.number() != best.number() && t.state() != Trial.State.RUNNING) {
        Path run = Path.of(t.runDir());
        AtomicFiles.deleteTree(run.resolve("checkpoints"));
        try {
          Files.deleteIfExists(run.resolve("best"));
        } catch (IOException e) {
          // a dangling link is harmless
        }
      }
    }
  }

  /** The trials as stored, for callers that only want to look. */
  public static List<Trial> trials(String storage, TuneSettings settings) {
    try (TrialStorage db =
        TrialStorage.open(
            storage, settings.name(), settings.metric(), settings.maximize(), settings.space())) {
      return db.trials();
    }
  }
}
