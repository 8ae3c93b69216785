package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reslab.ReslabException;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Normalization;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explanations opened from a run directory take the normalisation the run recorded. */
class ExplainableModelRunTest {
  private static final ResNetConfig CONFIG =
      ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).seed(5).build();

  @TempDir Path tmp;

  private Path writeRun(String name, Normalization recorded) throws Exception {
    Path run = tmp.resolve(name);
    Path epoch = Files.createDirectories(run.resolve("checkpoints").resolve("epoch-001"));
    try (InferenceModel m = InferenceModel.create(CONFIG)) {
      m.session().save(epoch.resolve(RunDirectory.CHECKPOINT_PREFIX).toString());
    }
    Files.writeString(epoch.resolve("state.json"), "{\"epoch\":1,\"metrics\":{}}");
    Map<String, Object> data = new LinkedHashMap<>(DataSpec.of("synthetic", null).toMap());
    if (recorded != null) {
      data.put(
          "normalization", Map.of("mean", floats(recorded.mean()), "std", floats(recorded.std())));
    }
    RunDirectory.create(run).writeConfig(new RunConfig(CONFIG, null, data, Map.of(), null));
    return run;
  }

  private static List<Double> floats(float[] v) {
    Double[] d = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = (double) v[i];
    }
    return Arrays.asList(d);
  }

  @Test
  void inBf16ForwardOnlyWorkTakesThePredictionPassAndAgreesWithTheFullOne() throws Exception {
    Path run = writeRun("run", Normalization.IMAGENET);
    ImageBatch images = GradCamTest.randomImages(4, 32, 32, 3);
    try (InferenceModel fp32 = InferenceModel.load(run);
        InferenceModel bf16 = InferenceModel.load(run, Precision.BF16)) {
      ExplainableModel full = ExplainableModel.of(fp32, Normalization.IMAGENET);
      ExplainableModel half = ExplainableModel.of(bf16, Normalization.IMAGENET);
      assertFalse(fp32.predictsSeparately());
      assertEquals(bf16.sessionOptions().precision() == Precision.BF16, bf16.predictsSeparately());
      float[] fast = half.probabilities(images);
      // bfloat16 keeps 8 significant bits
      assertArrayEquals(full.probabilities(images), fast, 0.02f);
      assertArrayEquals(half.fetch(half.probabilities(), images), fast, 0.02f);
      assertArrayEquals(
          ExplainableModel.argmaxRows(fast, half.outputs()), half.predict(images), "predictions");
    }
  }

  @Test
  void gradCamOfARunUsesTheRecordedNormalisation() throws Exception {
    Normalization recorded =
        new Normalization(new float[] {0.2f, 0.4f, 0.6f}, new float[] {0.3f, 0.2f, 0.1f});
    Path run = writeRun("run", recorded);
    ImageBatch images = GradCamTest.randomImages(2, 32, 32, 3);
    try (ExplainableModel opened = ExplainableModel.open(run);
        InferenceModel loaded = InferenceModel.load(run)) {
      GradCamResult fromRun =
          GradCam.forStages(opened).explain(images, List.of(Target.ofClass(3)), CamMethod.GRAD_CAM);
      GradCamResult explicit =
          GradCam.forStages(ExplainableModel.of(loaded, recorded))
              .explain(images, List.of(Target.ofClass(3)), CamMethod.GRAD_CAM);
      GradCamResult other =
          GradCam.forStages(ExplainableModel.of(loaded, Normalization.IMAGENET))
              .explain(images, List.of(Target.ofClass(3)), CamMethod.GRAD_CAM);
      assertEquals(List.of("layer1", "layer2", "layer3"), fromRun.layers());
      for (String layer : fromRun.layers()) {
        assertArrayEquals(explicit.map(layer, 1), fromRun.map(layer, 1), 1e-6f, layer);
      }
      assertArrayEquals(explicit.probabilities(), fromRun.probabilities(), 1e-6f);
      assertFalse(
          Arrays.equals(other.probabilities(), fromRun.probabilities()),
          "another normalisation gives other outputs, so the comparison above can fail");
    }
  }

  @Test
  void aRunWithoutARecordedNormalisationSaysSo() throws Exception {
    Path run = writeRun("bare", null);
    ReslabException e = assertThrows(ReslabException.class, () -> ExplainableModel.open(run));
    assertEquals(
        "the run " + run + " records no input normalisation; give the one its weights expect",
        e.getMessage());
  }
}
