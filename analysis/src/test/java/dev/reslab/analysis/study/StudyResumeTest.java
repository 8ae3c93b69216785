package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ablation of two variants over two seeds on tiny synthetic data, killed during the second run
 * and started again: the finished run is skipped, the killed one continues after its checkpoint,
 * the rest train; the summary matches the runs' own metrics.
 */
class StudyResumeTest {
  @TempDir Path tmp;

  static final DataSpec DATA = DataSpec.of("synthetic", null).withLimits(192, 96);
  static final ResNetConfig TINY =
      TrainingJob.fitHead(
          ResNetPreset.RESNET18.config().toBuilder().widthFactor(0.125).depths(1, 1, 1, 1).build(),
          DATA.open("train").info());

  /** Stands in for a kill: thrown from a listener. */
  static final class Killed extends RuntimeException {}

  @Test
  void aKilledStudyResumesWithoutRetrainingFinishedRuns() throws Exception {
    StudyPlan plan =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            Ablation.variants(TINY, List.of("layer4")),
            TrainingConfig.defaults(2, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(0, 2));
    Path dir = tmp.resolve("study");
    List<String> actions = new ArrayList<>();
    StudyListener killer =
        new StudyListener() {
          int run;

          @Override
          public void runStarted(String variant, long seed, int index, int total, String action) {
            run = index;
            actions.add(variant + "/" + seed + ":" + action);
          }

          @Override
          public void epochFinished(EpochResult result, boolean best) {
            if (run == 2 && result.epoch() == 1) {
              throw new Killed();
            }
          }
        };
    assertThrows(Killed.class, () -> Study.run(plan, dir, killer));
    assertEquals(List.of("base/0:train", "-layer4/0:train"), actions);
    // the storage says what happened: one run complete, the killed one still running, two waiting
    try (TrialStorage db = TrialStorage.openStudy(Tuner.defaultStorage(dir), "study")) {
      assertEquals(
          List.of(
              Trial.State.COMPLETE, Trial.State.RUNNING, Trial.State.WAITING, Trial.State.WAITING),
          db.trials().stream().map(Trial::state).toList());
      assertEquals(List.of(1), db.epochs().get(2).stream().map(EpochResult::epoch).toList());
    }
    assertEquals(1, StudyResults.read(dir).runs().size());

    actions.clear();
    StudyResults results =
        Study.run(
            plan,
            dir,
            new StudyListener() {
              @Override
              public void runStarted(
                  String variant, long seed, int index, int total, String action) {
                actions.add(variant + "/" + seed + ":" + action);
              }
            });
    assertEquals(List.of("-layer4/0:resume", "base/1:train", "-layer4/1:train"), actions);
    // the resumed run has both epochs once each
    List<EpochResult> resumed = RunDirectory.open(dir.resolve("runs/-layer4/seed-0")).readMetrics();
    assertEquals(List.of(1, 2), resumed.stream().map(EpochResult::epoch).toList());
    assertEquals(4, results.runs().size());
    assertTrue(results.runs().stream().allMatch(r -> r.worker().equals(TrialStorage.workerName())));
    // the storage's epochs are the run directories' own
    assertEquals(resumed, results.runs().get(1).epochs());

    // the summary is the runs' own last-epoch accuracy
    List<Double> base = new ArrayList<>();
    for (long seed : List.of(0L, 1L)) {
      List<EpochResult> rows =
          RunDirectory.open(dir.resolve("runs/base/seed-" + seed)).readMetrics();
      base.add(rows.get(1).get("val_accuracy"));
    }
    StudyResults.VariantResult b = results.variants().get(0);
    assertEquals((base.get(0) + base.get(1)) / 2, b.metric().mean(), 1e-12);
    // different seeds train different models
    assertEquals(
        0L, RunDirectory.open(dir.resolve("runs/base/seed-0")).readConfig().model().seed());
    assertEquals(
        1L, RunDirectory.open(dir.resolve("runs/base/seed-1")).readConfig().training().seed());
    assertTrue(results.variants().get(1).variant().parameters() < b.variant().parameters());

    String csv = Files.readString(dir.resolve("results.csv"));
    assertEquals(3, csv.lines().count(), csv);
    assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("base,"), csv);
    for (String png : List.of("val_accuracy-per-epoch.png", "val_accuracy-by-variant.png")) {
      assertTrue(Files.size(dir.resolve(png)) > 1000, png);
    }
    // the subset is recorded so a run can be reopened with the same data
    assertEquals(
        1L,
        ((Number)
                RunDirectory.open(dir.resolve("runs/base/seed-0"))
                    .readConfig()
                    .data()
                    .get("subsetSeed"))
            .longValue());

    // a third start trains nothing
    actions.clear();
    Study.run(
        plan,
        dir,
        new StudyListener() {
          @Override
          public void runStarted(String variant, long seed, int index, int total, String action) {
            actions.add(action);
          }
        });
    assertEquals(List.of(), actions);
  }

  @Test
  void aDifferentPlanInTheSameDirectoryIsRefused() throws Exception {
    StudyPlan plan =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            Ablation.variants(TINY, List.of("layer4")),
            TrainingConfig.defaults(1, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(0, 1));
    Path dir = tmp.resolve("s");
    Files.createDirectories(dir);
    StudyManifest.write(dir, plan, Map.of(), "2026-01-01T00:00:00Z");
    StudyPlan other =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            plan.variants(),
            TrainingConfig.defaults(2, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(0, 1));
    String msg =
        assertThrows(ReslabException.class, () -> Study.run(other, dir, StudyListener.NONE))
            .getMessage();
    assertTrue(
        msg.startsWith(dir + " holds a study planned with other training ({\"epochs\":1,"), msg);
    assertTrue(
        msg.endsWith("); resume it with its own settings or choose another study folder"), msg);
    // other seeds than the first ones: refused; more seeds after the same first ones would be
    // allowed
    StudyPlan shifted =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            plan.variants(),
            TrainingConfig.defaults(1, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(1, 2));
    assertEquals(
        dir
            + " holds a study planned with other seeds ([0] instead of [1,2]); resume it with its own "
            + "settings or choose another study folder",
        assertThrows(ReslabException.class, () -> Study.run(shifted, dir, StudyListener.NONE))
            .getMessage());
    StudyManifest.checkSamePlan(
        dir,
        new StudyPlan(
            "ablation",
            "val_accuracy",
            plan.variants(),
            TrainingConfig.defaults(1, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(0, 3)));
    // a folder with other files is not taken for a study
    Path busy = tmp.resolve("busy");
    Files.createDirectories(busy);
    Files.writeString(busy.resolve("notes.txt"), "mine");
    assertEquals(
        busy + " is not empty and holds no study (no study.json); choose an empty or new directory",
        assertThrows(
                IllegalArgumentException.class, () -> Study.run(plan, busy, StudyListener.NONE))
            .getMessage());
  }

  @Test
  void sweepVariantsOneAxisAtATimeOrAsAGrid() {
    ResNetConfig base = TINY.toBuilder().widthFactor(0.25).build();
    List<Variant> alone = Sweep.variants(base, Sweep.DEFAULT_WIDTHS, Sweep.DEFAULT_DEPTHS, false);
    assertEquals(
        List.of("w1-d1.1.1.1", "w0.875-d1.1.1.1", "w1.125-d1.1.1.1", "w1-d2.2.2.2", "w1-d3.3.3.3"),
        alone.stream().map(Variant::name).toList());
    assertEquals(0.25 * 0.875, alone.get(1).model().widthFactor(), 1e-12);
    List<Variant> grid = Sweep.variants(base, Sweep.DEFAULT_WIDTHS, Sweep.DEFAULT_DEPTHS, true);
    assertEquals(9, grid.size());
    assertEquals("w1-d1.1.1.1", grid.get(0).name());
    assertEquals(
        "sweep depths must be at least 1 block per stage, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sweep.variants(base, List.of(), List.of(0), false))
            .getMessage());
    assertEquals(
        "layer4 is already removed from the base model",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Ablation.variants(base.toBuilder().remove("layer4").build(), List.of("layer4")))
            .getMessage());
  }
}
