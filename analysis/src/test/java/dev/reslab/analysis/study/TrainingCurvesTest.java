package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training sweep's view on hand-made curves: every combination, means over seeds, best epoch,
 * upward turn.
 */
class TrainingCurvesTest {
  @TempDir Path tmp;

  @Test
  void everyCombinationNamedByWhatVaries() {
    List<Variant> v =
        Sweep.trainings(StudyResumeTest.TINY, List.of(0.01, 0.001), List.of(16, 32, 64), List.of());
    assertEquals(
        List.of(
            "lr0.01-bs16",
            "lr0.01-bs32",
            "lr0.01-bs64",
            "lr0.001-bs16",
            "lr0.001-bs32",
            "lr0.001-bs64"),
        v.stream().map(Variant::name).toList());
    assertEquals(Map.of("lr", "0.001", "batch_size", "32"), v.get(4).training());
    StudyPlan plan =
        new StudyPlan(
            "sweep",
            "val_accuracy",
            v,
            TrainingConfig.defaults(15, 128),
            StudyData.of(StudyResumeTest.DATA),
            StudyPlan.seeds(0, 1));
    TrainingConfig t = plan.runs().get(4).training(plan.training());
    assertEquals(32, t.batchSize());
    assertEquals(0.001, t.optimizer().learningRate(), 1e-15);
    assertEquals(15, t.epochs());
    // a model variant keeps the study's training exactly
    assertEquals(
        TrainingConfig.defaults(15, 128).withSeed(0),
        new StudyPlan.StudyRun(Variant.of("m", StudyResumeTest.TINY), 0)
            .training(TrainingConfig.defaults(15, 128)));
  }

  @Test
  void curvesMarkTheBestEpochAndWhereValidationLossTurnsUp() throws Exception {
    List<Variant> v =
        List.of(
            new Variant("lr0.01", StudyResumeTest.TINY, 1, Map.of("lr", "0.01")),
            new Variant("lr0.001", StudyResumeTest.TINY, 1, Map.of("lr", "0.001")));
    StudyPlan plan =
        new StudyPlan(
            "sweep",
            "val_accuracy",
            v,
            TrainingConfig.defaults(4, 32),
            StudyData.of(StudyResumeTest.DATA),
            StudyPlan.seeds(0, 2));
    List<StudyResults.RunOutcome> runs = new ArrayList<>();
    // lr0.01: validation loss lowest at epoch 2 (mean of the seeds), rising after it while training
    // loss falls
    runs.add(
        run("lr0.01", 0, new double[] {2.0, 1.4, 1.0, 0.8}, new double[] {2.0, 1.6, 1.8, 2.0}));
    runs.add(
        run("lr0.001", 0, new double[] {2.2, 2.0, 1.8, 1.6}, new double[] {2.3, 2.1, 1.9, 1.8}));
    runs.add(
        run("lr0.01", 1, new double[] {2.0, 1.6, 1.2, 1.0}, new double[] {2.2, 1.6, 1.6, 2.2}));
    runs.add(
        run("lr0.001", 1, new double[] {2.2, 2.0, 1.8, 1.6}, new double[] {2.3, 2.1, 1.9, 1.8}));
    StudyResults results = StudyResults.of(plan, runs);
    List<TrainingCurves.VariantCurves> curves = TrainingCurves.of(results);
    TrainingCurves.VariantCurves fast = curves.get(0);
    assertEquals(1.6, fast.epochs().get(2).get("val_loss"), 1e-12);
    assertEquals(1.7, fast.epochs().get(3).get("val_loss"), 1e-12);
    assertEquals(2, fast.bestEpoch());
    assertEquals(OptionalInt.of(3), fast.turn());
    assertTrue(fast.trainFalls());
    assertEquals(4, curves.get(1).bestEpoch());
    assertEquals(OptionalInt.empty(), curves.get(1).turn());
    assertEquals(
        List.of(
            "lr0.01: best epoch 2 by val_loss; validation loss is lowest at epoch 2 and turns upward at "
                + "epoch 3 while training loss keeps falling (overfitting from there on).",
            "lr0.001: best epoch 4 by "
                + "val_loss; validation loss still falls at the last epoch."),
        TrainingCurves.observations(results));
    assertEquals(
        List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy"),
        TrainingCurves.tableHeaders(results));
    assertEquals(
        List.of("3 ▲ val loss turns up", "1.1000", "0.5000", "1.7000", "0.4000"),
        TrainingCurves.tableRows(results, fast).get(2));
    assertEquals("2 (best)", TrainingCurves.tableRows(results, fast).get(1).get(0));

    results.write(tmp);
    for (String c : List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy")) {
      assertTrue(Files.size(tmp.resolve(c + "-curves.png")) > 1000, c);
    }
    assertTrue(
        Files.notExists(tmp.resolve("val_accuracy-vs-parameters.png")),
        "every variant has the same model");
    String md = Files.readString(tmp.resolve("results.md"));
    assertTrue(md.startsWith("| variant | lr | parameters |"), md);
    assertTrue(md.contains("### lr0.01\n\n| epoch | train_loss |"), md);
  }

  private static StudyResults.RunOutcome run(
      String variant, long seed, double[] trainLoss, double[] valLoss) {
    List<EpochResult> epochs = new ArrayList<>();
    for (int i = 0; i < trainLoss.length; i++) {
      Map<String, Double> row = new LinkedHashMap<>(); // in the trainer's order
      row.put("train_loss", trainLoss[i]);
      row.put("train_accuracy", 0.5);
      row.put("val_loss", valLoss[i]);
      row.put("val_accuracy", 0.4);
      epochs.add(new EpochResult(i + 1, 1e-3, row, 1, 100));
    }
    return new StudyResults.RunOutcome(
        variant, seed, Path.of("runs", variant, "seed-" + seed), epochs, 0.4, "h:1");
  }
}
