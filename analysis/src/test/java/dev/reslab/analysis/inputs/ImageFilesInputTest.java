package dev.reslab.analysis.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reslab.analysis.plot.PngFile;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image files read as a run's evaluation saw its images. */
class ImageFilesInputTest {
  @TempDir Path tmp;

  /** A 224 × 224 picture whose every pixel differs from its neighbours. */
  private Path square(float[] expected) {
    BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        int r = x, g = y, b = (x * 7 + y * 13) % 256;
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
        int o = (y * 224 + x) * 3;
        expected[o] = r / 255f;
        expected[o + 1] = g / 255f;
        expected[o + 2] = b / 255f;
      }
    }
    Path p = tmp.resolve("square.png");
    PngFile.write(p, img);
    return p;
  }

  @Test
  void aCelebaOrFolderRunAt224SeesTheWholeSquareImagenetEvaluationItsCentre() {
    float[] expected = new float[224 * 224 * 3];
    Path png = square(expected);
    var model = ResNetPreset.RESNET18.config().toBuilder().stem(Stem.IMAGENET).build();
    for (String dataset : List.of("celeba", "folder")) {
      float[] seen =
          ImageFilesInput.load(
                  List.of(png),
                  ImageFilesInput.runTransform(model, Map.of("dataset", dataset, "imageSize", 224)))
              .pixels();
      // CelebA trains on the centre square resized (here: as it is), a folder on the shorter side
      // resized and the centre cropped: either way every pixel of a square at the run's size
      assertArrayEquals(expected, seen, 1e-6f, dataset);
    }
    // ImageNet evaluation (an imported torchvision model) resizes to 256 and crops 224: a zoom
    float[] imagenet =
        ImageFilesInput.load(List.of(png), ImageFilesInput.runTransform(model, Map.of())).pixels();
    assertEquals(expected.length, imagenet.length);
    assertFalse(Arrays.equals(expected, imagenet));
  }
}
