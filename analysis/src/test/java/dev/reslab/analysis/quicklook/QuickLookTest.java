package dev.reslab.analysis.quicklook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DatasetOptions;
import dev.reslab.data.Datasets;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.Split;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetPreset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickLookTest {

  @TempDir Path dir;

  @Test
  void writesPerClassResultsAndGradCamGridsIntoTheRun() throws Exception {
    ImageDataset data =
        Datasets.open("synthetic", null, Split.TEST, DatasetOptions.DEFAULTS.withExamples(50));
    try (InferenceModel m =
        InferenceModel.create(ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).build())) {
      QuickLook.Written w = QuickLook.write(m, Normalization.HALF, data, dir, 3, null);
      assertEquals(3, w.gradCamGrids().size());
      assertTrue(Files.isRegularFile(dir.resolve("per-class/confusion.png")));
      assertEquals(
          50,
          Files.readAllLines(dir.resolve("per-class/per_class.csv")).stream()
              .skip(1)
              .mapToInt(line -> Integer.parseInt(line.split(",")[3]))
              .sum());
      assertEquals(1 + 3 * 3, Files.readAllLines(dir.resolve("gradcam/gradcam.csv")).size());
      assertTrue(w.accuracy() >= 0 && w.accuracy() <= 1);
    }
  }
}
