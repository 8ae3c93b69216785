package dev.reslab.analysis.study;

import static dev.reslab.analysis.study.StudyResumeTest.DATA;
import static dev.reslab.analysis.study.StudyResumeTest.TINY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.analysis.report.Report;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.FreezeSpec;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ablation whose every training starts from another run's weights: recorded in the plan, each
 * run's config.json and the report; the weights really loaded; a variant they cannot fit refused
 * before anything trains; a study folder resumed only with the same weights.
 */
class StudyFromPretrainedTest {
  @TempDir Path tmp;

  @Test
  void everyTrainingStartsFromThePlannedWeights() throws Exception {
    Path source = tmp.resolve("source");
    TrainingJob.train(
        TINY, TrainingConfig.defaults(1, 64), DATA, source, new TrainingListener() {});
    WeightSource weights = WeightSource.open(source.toString(), tmp, bytes -> {});
    // conv1 frozen: its kernel after training is the one each run started with
    TrainingConfig training = TrainingConfig.defaults(1, 64).withFreeze(FreezeSpec.parse("conv1"));
    StudyPlan plan =
        new StudyPlan(
                "ablation",
                "val_accuracy",
                Ablation.variants(TINY.toBuilder().seed(7).build(), List.of("layer4")),
                training,
                StudyData.of(DATA),
                StudyPlan.seeds(0, 1))
            .startingFrom(StudyInit.of(weights, List.of()));
    StudyInit.checkVariants(weights, TINY, plan.variants());
    Path dir = tmp.resolve("study");
    Study.run(plan, dir, StudyListener.NONE);

    assertEquals(plan.init(), StudyManifest.read(dir).init(), "study.json keeps the weights");
    float[] trained =
        TfCheckpoint.open(source.resolve("checkpoints/epoch-001"))
            .readFloat("conv1/kernel")
            .values();
    for (String variant : List.of("base", "-layer4")) {
      Path run = dir.resolve(StudyPlan.runPath(variant, 0));
      Map<String, Object> init = RunDirectory.open(run).readConfig().init();
      assertEquals(weights.sha256(), init.get("sha256"), variant);
      assertArrayEquals(
          trained,
          TfCheckpoint.open(run.resolve("checkpoints/epoch-001"))
              .readFloat("conv1/kernel")
              .values(),
          variant + " started from the source's conv1, not from its own seed's");
    }
    String md = Files.readString(Report.write(List.of(dir), tmp.resolve("report")).markdown());
    assertTrue(
        md.contains(
            "Every training started from the pretrained weights `"
                + source
                + "` (sha256 "
                + weights.sha256()
                + ")."),
        md);

    // the same folder with fresh weights would mix two designs
    StudyPlan fresh =
        new StudyPlan(
            plan.kind(), plan.metric(), plan.variants(), training, plan.data(), plan.seeds());
    ReslabException mixed =
        assertThrows(ReslabException.class, () -> Study.run(fresh, dir, StudyListener.NONE));
    assertTrue(mixed.getMessage().contains("planned with other init"), mixed.getMessage());
  }

  @Test
  void aWidthOrDepthTheWeightsDoNotHaveIsRefusedNamingTheVariant() throws Exception {
    Path source = tmp.resolve("source");
    TrainingJob.train(
        TINY, TrainingConfig.defaults(1, 64), DATA, source, new TrainingListener() {});
    WeightSource weights = WeightSource.open(source.toString(), tmp, bytes -> {});
    ReslabException wider =
        assertThrows(
            ReslabException.class,
            () ->
                StudyInit.checkVariants(
                    weights, TINY, Sweep.variants(TINY, List.of(1.0, 2.0), List.of(1), false)));
    assertEquals(
        "variant w2-d1.1.1.1 cannot start from "
            + source
            + ": its stage widths [16, 16, 32, 64, 128] differ from the weights' [8, 8, 16, 32,"
            + " 64]; pretrained weights fit only models of their own widths and depths",
        wider.getMessage());
    ReslabException deeper =
        assertThrows(
            ReslabException.class,
            () ->
                StudyInit.checkVariants(
                    weights, TINY, Sweep.variants(TINY, List.of(1.0), List.of(1, 2), false)));
    assertTrue(
        deeper.getMessage().contains("it has more blocks per stage [2, 2, 2, 2] than the weights"),
        deeper.getMessage());
  }

  @Test
  void aTuningFolderGainsOnlyTrialsStartingFromItsWeights() throws Exception {
    Path trial = tmp.resolve("tune/trials/trial-001");
    RunDirectory.create(trial)
        .writeConfig(
            new dev.reslab.model.run.RunConfig(
                TINY,
                TrainingConfig.defaults(1, 64),
                StudyData.of(DATA).toMap(),
                Map.of(),
                "2026-11-30T07:00:00Z",
                Map.of("source", "runs/r20", "sha256", "abc")));
    Tuner.checkSameInit(tmp.resolve("tune"), new StudyInit("runs/r20", List.of(), "abc"));
    ReslabException fresh =
        assertThrows(ReslabException.class, () -> Tuner.checkSameInit(tmp.resolve("tune"), null));
    assertEquals(
        tmp.resolve("tune")
            + " holds trials that started from runs/r20 (sha256 abc), not from fresh weights;"
            + " resume it with the same initial weights or choose another study folder",
        fresh.getMessage());
  }
}
