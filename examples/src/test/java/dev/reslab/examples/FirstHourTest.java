package dev.reslab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.FeatureInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README journey runs end to end on generated data and leaves what it promises. */
class FirstHourTest {
  @TempDir Path work;

  @Test
  void buildTrainEvaluateExplainExport() throws Exception {
    FirstHour.Outcome o = FirstHour.run(work);

    // The summary's plain-Java count against the variables TensorFlow really created.
    try (InferenceModel m = InferenceModel.create(FirstHour.build())) {
      assertEquals(m.model().parameterCount(), o.parameters());
    }
    assertEquals(
        List.of(
            new FeatureInfo("relu", 0, 16, 1),
            new FeatureInfo("layer1", 1, 16, 1),
            new FeatureInfo("layer2", 2, 32, 2),
            new FeatureInfo("layer3", 3, 64, 4),
            new FeatureInfo("layer4", 4, 128, 8)),
        o.features());

    Path run = work.resolve("run");
    assertEquals(1, o.training().bestEpoch());
    assertTrue(Files.isRegularFile(run.resolve("config.json")));
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and one epoch");

    double accuracy = o.evaluation().accuracy();
    assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    assertEquals(1000, o.evaluation().images(), "the whole synthetic test split");
    assertEquals(Math.round(accuracy * 1000), o.evaluation().correct());

    float[] map = o.layer2Map();
    assertEquals(32 * 32, map.length);
    float max = 0;
    for (float v : map) {
      assertTrue(v >= 0 && v <= 1, "normalised map value " + v);
      max = Math.max(max, v);
    }
    assertTrue(max == 1f || max == 0f, "scaled by its maximum: " + max);

    assertTrue(Files.isRegularFile(o.export().dir().resolve("saved_model.pb")));
    assertEquals(List.of("layer1", "layer2", "layer3", "layer4"), o.export().features());
  }
}
