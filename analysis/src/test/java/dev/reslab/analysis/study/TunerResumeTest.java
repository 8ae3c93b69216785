package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six TPE trials on tiny synthetic data with median pruning, killed during trial 4 and started
 * again: every trial number exists once, trial 4 continues with its own hyperparameters after its
 * checkpoint, only the best trial keeps checkpoints.
 */
class TunerResumeTest {
  @TempDir Path tmp;

  static final class Killed extends RuntimeException {}

  @Test
  void aKilledTuningStudyResumesWithEveryTrialRecordedOnce() throws Exception {
    SearchSpace space =
        SearchSpace.of(
            new double[] {1e-4, 3e-2},
            List.of(32, 64),
            List.of("adam", "sgd"),
            new double[] {1e-6, 1e-3});
    TuneSettings settings =
        TuneSettings.builder("t", space).trials(6).seed(7).pruner(new MedianPruner(2, 1)).build();
    Path dir = tmp.resolve("tune");
    // three epochs, pruning only after epoch 2: the kill after epoch 1 of trial 4 always leaves it
    // to resume (a
    // pruning decision is committed with its epoch, so a trial pruned at the kill would be finished
    // already)
    TrainingConfig base = TrainingConfig.defaults(3, 64);
    StudyListener killer =
        new StudyListener() {
          int trial;

          @Override
          public void runStarted(String variant, long seed, int index, int total, String action) {
            trial = index;
          }

          @Override
          public void epochFinished(EpochResult result, boolean best) {
            if (trial == 4 && result.epoch() == 1) {
              throw new Killed();
            }
          }
        };
    StudyData data = StudyData.of(StudyResumeTest.DATA);
    assertThrows(
        Killed.class,
        () -> Tuner.run(StudyResumeTest.TINY, base, data, dir, null, settings, killer));
    String url = Tuner.defaultStorage(dir);
    List<Trial> before = Tuner.trials(url, settings);
    assertEquals(4, before.size());
    assertEquals(Trial.State.RUNNING, before.get(3).state());
    Map<String, String> params4 = before.get(3).params();

    List<String> actions = new ArrayList<>();
    TuneResults results =
        Tuner.run(
            StudyResumeTest.TINY,
            base,
            data,
            dir,
            null,
            settings,
            new StudyListener() {
              @Override
              public void runStarted(
                  String variant, long seed, int index, int total, String action) {
                actions.add(index + ":" + action);
              }
            });
    assertEquals(List.of("4:resume", "5:train", "6:train"), actions);
    List<Trial> trials = results.trials();
    assertEquals(List.of(1, 2, 3, 4, 5, 6), trials.stream().map(Trial::number).toList());
    assertTrue(trials.stream().allMatch(t -> t.state() != Trial.State.RUNNING), trials.toString());
    assertEquals(params4, trials.get(3).params());
    // the resumed trial's run has each epoch once, and the stored values match its metrics
    List<EpochResult> rows = RunDirectory.open(Path.of(trials.get(3).runDir())).readMetrics();
    if (trials.get(3).state() == Trial.State.COMPLETE) {
      assertEquals(List.of(1, 2, 3), rows.stream().map(EpochResult::epoch).toList());
      assertEquals(rows.get(2).get("val_accuracy"), trials.get(3).value(), 1e-12);
    }
    for (Trial t : trials) {
      assertEquals(t.state() == Trial.State.PRUNED ? 2 : 3, t.intermediate().size(), t.toString());
      // each trial trained with its own hyperparameters
      var cfg = RunDirectory.open(Path.of(t.runDir())).readConfig().training();
      assertEquals(Integer.parseInt(t.params().get("batch_size")), cfg.batchSize());
      assertEquals(t.params().get("optimizer"), cfg.optimizer().type().toString());
    }
    // the random start-up trials spread over the range (consecutive seeds must not give near-equal
    // draws)
    double[] lrs =
        trials.subList(0, 4).stream()
            .mapToDouble(t -> Double.parseDouble(t.params().get("lr")))
            .toArray();
    double ratio = Arrays.stream(lrs).max().orElseThrow() / Arrays.stream(lrs).min().orElseThrow();
    assertTrue(ratio > 3, Arrays.toString(lrs));
    Trial best = results.best().orElseThrow();
    for (Trial t : trials) {
      assertEquals(
          t.number() == best.number(),
          Files.isDirectory(Path.of(t.runDir()).resolve("checkpoints")),
          "trial " + t.number());
    }
    assertTrue(Files.size(dir.resolve("optimisation-history.png")) > 1000);
    assertEquals(7, Files.readAllLines(dir.resolve("trials.csv")).size());

    // started once more, it has nothing left to do
    actions.clear();
    Tuner.run(
        StudyResumeTest.TINY,
        base,
        data,
        dir,
        null,
        settings,
        new StudyListener() {
          @Override
          public void runStarted(String variant, long seed, int index, int total, String action) {
            actions.add(action);
          }
        });
    assertEquals(List.of(), actions);
  }
}
