package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.data.Normalization;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetPreset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grad-CAM files, activation grids and filter tiles: what is written, and that it holds the right
 * numbers.
 */
class PicturesTest {

  @TempDir Path dir;

  @Test
  void gradCamFilesHoldTheMapsAndOneGridRowPerLayer() throws Exception {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCamResult r =
          GradCam.create(net.model, List.of("features", "pooled"))
              .explain(squares, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      Faithfulness f = new Faithfulness(net.model, Baseline.ZERO, 4);
      ExplanationFiles.GradCamOutput out =
          ExplanationFiles.writeGradCam(
              r,
              dir,
              List.of("a", "b"),
              List.of("red", "green"),
              0.5f,
              List.of(f.score(r, 0, 0.2), f.score(r, 1, 0.2)));
      FloatArray a = NpyFile.read(dir.resolve("b-gradcam.npy"));
      assertArrayEquals(new long[] {2, 8, 8}, a.shape());
      assertArrayEquals(r.map(1, 1), Arrays.copyOfRange(a.values(), 64, 128));
      BufferedImage png = ImageIO.read(out.grids().get(0).toFile());
      assertTrue(
          png.getWidth() > 3 * 96 && png.getHeight() > 2 * 96,
          png.getWidth() + "x" + png.getHeight());
      List<String> csv = Files.readAllLines(out.table());
      assertEquals(5, csv.size());
      assertTrue(csv.get(1).startsWith("a,features,gradcam,0,red,"), csv.get(1));
    }
  }

  @Test
  void overlayBlendsTheColourMap() {
    float[] image = {0.2f, 0.4f, 0.6f};
    float[] hot = Heatmaps.overlay(image, new float[] {1f}, 0.5f);
    assertArrayEquals(
        new float[] {0.35f, 0.2f, 0.3f}, hot, 1e-6f); // jet(1) is dark red (0.5, 0, 0)
    assertArrayEquals(new float[] {0f, 0f, 0.5f}, Heatmaps.color(0f), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 1f, 0.5f}, Heatmaps.color(0.5f), 1e-6f);
    assertArrayEquals(
        new float[] {0f, 0f, 0f}, Heatmaps.scaleToUnit(new float[] {0f, -1f, 0f}), 0f);
  }

  @Test
  void activationAndFilterGridsOfAResNet() throws Exception {
    try (InferenceModel resnet =
        InferenceModel.create(ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).build())) {
      ExplainableModel model = ExplainableModel.of(resnet, Normalization.IMAGENET);
      ImageBatch images = GradCamTest.randomImages(2, 32, 32, 5);
      Path png = dir.resolve("act.png");
      ExplainableModel.LayerOutput out =
          ActivationGrid.write(model, images, 1, "layer2", 12, 6, png);
      assertArrayEquals(new long[] {1, 16, 16, 32}, out.shape());
      assertTrue(ImageIO.read(png.toFile()).getHeight() > 2 * 48);
      FilterGrid.Kernel conv1 = FilterGrid.kernel(resnet.model(), resnet.session(), "conv1");
      assertArrayEquals(new long[] {3, 3, 3, 16}, conv1.shape());
      assertArrayEquals(resnet.variableValues().get("conv1/kernel"), conv1.values());
      FilterGrid.writeRgb(conv1, 0, 8, dir.resolve("conv1.png"));
      FilterGrid.Kernel deeper =
          FilterGrid.kernel(resnet.model(), resnet.session(), "layer2.0.conv2");
      FilterGrid.writeGrayscale(deeper, 8, 16, dir.resolve("deeper.png"));
      assertTrue(ImageIO.read(dir.resolve("deeper.png").toFile()).getHeight() > 8 * 40);
      IllegalArgumentException fc =
          assertThrows(
              IllegalArgumentException.class,
              () -> FilterGrid.kernel(resnet.model(), resnet.session(), "fc"));
      assertTrue(
          fc.getMessage()
              .startsWith(
                  "layer 'fc' has no convolution kernel; convolution layers are conv1, "
                      + "layer1.0.conv1, "),
          fc.getMessage());
      IllegalArgumentException rgb =
          assertThrows(
              IllegalArgumentException.class,
              () -> FilterGrid.writeRgb(deeper, 0, 8, dir.resolve("x.png")));
      assertEquals(
          "layer 'layer2.0.conv2' has 32 input channels; RGB tiles need 3 (the first convolution)",
          rgb.getMessage());
      IllegalArgumentException unknown =
          assertThrows(
              IllegalArgumentException.class,
              () -> ActivationGrid.write(model, images, 0, "layer4", 0, 8, png));
      assertTrue(
          unknown.getMessage().startsWith("unknown layer 'layer4'; valid layers are conv1,"));
    }
  }
}
