package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import dev.reslab.interop.savedmodel.InlinedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.model.resnet.Head;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models made in Python — a Keras 3 ResNet (Conv2D, BatchNormalization, residual adds) exported
 * with {@code model.export()}, and a bare {@code tf.Module} with a {@code @tf.function} signature —
 * through reslab's {@code inspect}, {@code eval} and {@code predict}, which must say what Python
 * says.
 */
class PythonModelsTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void kerasModelExportIsInspectedEvaluatedAndPredictedAsInPython() throws Exception {
    PythonClient python = PythonClient.get();
    Path model = tmp.resolve("keras");
    python.call("python_models.keras_resnet", Map.of("export_dir", model.toString()));
    checkModel(python, model);
  }

  @Test
  void tfModuleIsInspectedEvaluatedAndPredictedAsInPython() throws Exception {
    PythonClient python = PythonClient.get();
    Path model = tmp.resolve("module");
    python.call("python_models.tf_module", Map.of("export_dir", model.toString()));
    checkModel(python, model);
  }

  @Test
  void gradCamOnAKerasModelMatchesTensorFlowsGradientTape() throws Exception {
    ExplainableModel keras = checkGradCam("keras_resnet", "block2_out", 16);
    assertTrue(
        keras
            .layerNames()
            .containsAll(
                List.of(
                    "stem_conv",
                    "stem_bn",
                    "block1_add",
                    "block1_out",
                    "block2_proj_bn",
                    "block2_out")),
        keras.layerNames().toString());
  }

  @Test
  void gradCamThroughFusedBatchNormInferenceMatchesTensorFlowsGradientTape() throws Exception {
    ExplainableModel module = checkGradCam("tf_module", "features", 32);
    assertTrue(module.layerNames().contains("FusedBatchNormV3"), module.layerNames().toString());
  }

  /**
   * Keras names unnamed layers conv2d, conv2d_1, conv2d_2 and adds a call suffix to each op scope
   * (conv2d_1, conv2d_1_2, conv2d_2_1): every layer is found under its own name, none merged.
   */
  @Test
  void kerasDefaultLayerNamesAreKeptApartFromCallSuffixes() throws Exception {
    PythonClient python = PythonClient.get();
    Path model = tmp.resolve("keras-default-names");
    JsonNode made =
        python.call("python_models.keras_default_names", Map.of("export_dir", model.toString()));
    List<String> convs = new ArrayList<>();
    made.get("convs").forEach(n -> convs.add(n.asText()));
    assertEquals(3, convs.size(), made.toString());
    try (InlinedSavedModel m =
        InlinedSavedModel.load(model, "serving_default", Preprocessing.NONE)) {
      assertEquals(convs, new ArrayList<>(m.layers().keySet()), m.layers().keySet().toString());
      assertEquals(3, m.layers().values().stream().distinct().count());
    }
  }

  @Test
  void gradcamOcclusionAndActivationsCommandsExplainAKerasSavedModel() throws Exception {
    Path batch = DATA.resolve("cifar10/cifar-10-batches-bin/test_batch.bin");
    Assumptions.assumeTrue(Files.isRegularFile(batch), "shared data not found");
    PythonClient python = PythonClient.get();
    Path model = tmp.resolve("keras-cli");
    python.call("python_models.keras_resnet", Map.of("export_dir", model.toString()));
    String images = String.join(",", cifarPngs(batch, model, 2));
    Path out = tmp.resolve("explained");

    CliRun cam =
        CliRun.of(
            "gradcam",
            "--model",
            model.toString(),
            "--images",
            images,
            "--layers",
            "block1_out,block2_out",
            "--deletion-steps",
            "0",
            "--out",
            out.resolve("cam").toString());
    assertEquals(0, cam.exitCode(), cam.err());
    assertTrue(cam.out().contains("keras-cli-0 gradcam: target"), cam.out());
    CliRun noLayers =
        CliRun.of(
            "gradcam",
            "--model",
            model.toString(),
            "--images",
            images,
            "--out",
            out.resolve("none").toString());
    assertEquals(2, noLayers.exitCode());
    assertTrue(
        noLayers.err().contains("valid layers are") && noLayers.err().contains("block2_out"),
        noLayers.err());

    CliRun occlusion =
        CliRun.of(
            "occlusion",
            "--model",
            model.toString(),
            "--images",
            images,
            "--patch",
            "8",
            "--stride",
            "8",
            "--out",
            out.resolve("occlusion").toString());
    assertEquals(0, occlusion.exitCode(), occlusion.err());
    assertTrue(occlusion.out().contains("largest drop"), occlusion.out());

    CliRun activations =
        CliRun.of(
            "activations",
            "--model",
            model.toString(),
            "--images",
            images,
            "--layers",
            "stem_relu,block2_out",
            "--out",
            out.resolve("activations").toString());
    assertEquals(0, activations.exitCode(), activations.err());
    assertTrue(activations.out().contains("block2_out [1, 16, 16, 16]"), activations.out());

    CliRun noImages =
        CliRun.of(
            "activations",
            "--model",
            model.toString(),
            "--indices",
            "0",
            "--out",
            out.resolve("x").toString());
    assertEquals(2, noImages.exitCode());
    assertTrue(noImages.err().contains("give the images to explain with --images"), noImages.err());
  }

  /**
   * Python makes the model and its Grad-CAM of {@code layer} (GradientTape); reslab's must match
   * it.
   */
  private ExplainableModel checkGradCam(String maker, String layer, int size) throws Exception {
    Path batch = DATA.resolve("cifar10/cifar-10-batches-bin/test_batch.bin");
    Assumptions.assumeTrue(Files.isRegularFile(batch), "shared data not found");
    PythonClient python = PythonClient.get();
    int n = 6;
    float[] pixels = PythonExportTest.cifarPixels(batch, n);
    int[] labels = PythonExportTest.cifarLabels(batch, n);
    Path images = tmp.resolve("images.npy");
    NpyFile.write(images, new FloatArray(new long[] {n, 32, 32, 3}, pixels));
    Path model = tmp.resolve(maker);
    Path camFile = tmp.resolve(maker + "-cam.npy");
    python.call(
        "python_models." + maker,
        Map.of(
            "export_dir",
            model.toString(),
            "cam",
            Map.of(
                "images",
                images.toString(),
                "layer",
                layer,
                "classes",
                labels,
                "out",
                camFile.toString())));
    FloatArray theirs = NpyFile.read(camFile);

    try (InlinedSavedModel inlined =
        InlinedSavedModel.load(model, "serving_default", Preprocessing.NONE)) {
      ExplainableModel explainable = ExplainableModel.of(inlined);
      assertEquals(Head.SOFTMAX, explainable.head());
      List<Target> targets = new ArrayList<>();
      for (int label : labels) {
        targets.add(Target.ofClass(label));
      }
      float[] unit = new float[pixels.length];
      for (int i = 0; i < unit.length; i++) {
        unit[i] = pixels[i] / 255f;
      }
      GradCamResult cam =
          GradCam.create(explainable, List.of(layer))
              .explain(new ImageBatch(unit, n, 32, 32, 3), targets, CamMethod.GRAD_CAM);
      assertEquals(
          List.of((long) n, (long) size, (long) size),
          List.of(theirs.shape()[0], theirs.shape()[1], theirs.shape()[2]));
      for (int i = 0; i < n; i++) {
        float[] fromPython =
            Arrays.copyOfRange(theirs.values(), i * size * size, (i + 1) * size * size);
        PythonExportTest.assertSameMap(cam.rawMap(0, i), fromPython, maker + " image " + i);
      }
      return explainable;
    }
  }

  private void checkModel(PythonClient python, Path model) throws Exception {
    Path batch = DATA.resolve("cifar10/cifar-10-batches-bin/test_batch.bin");
    Assumptions.assumeTrue(Files.isRegularFile(batch), "shared data not found");

    // inspect: the serving signature's inputs and outputs with Python's dtypes and shapes
    CliRun inspect = CliRun.of("inspect", "--json", model.toString());
    assertEquals(0, inspect.exitCode(), inspect.err());
    JsonNode ours = JSON.readTree(inspect.out()).get(0).at("/signatures/serving_default");
    JsonNode theirs = python.call("python_models.describe", Map.of("export_dir", model.toString()));
    for (String side : List.of("inputs", "outputs")) {
      assertEquals(names(theirs.get(side)), names(ours.get(side)), side);
      theirs
          .get(side)
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode spec = ours.get(side).get(e.getKey());
                assertEquals(e.getValue().get(0).asText(), spec.get("dtype").asText());
                assertEquals(
                    e.getValue().get(1).toString().replace("null", "-1"),
                    spec.get("shape").toString());
              });
    }

    // eval: accuracy and top-5 on the 932 shared CIFAR-10 test images, raw pixels in
    Path json = tmp.resolve(model.getFileName() + "-eval.json");
    CliRun eval =
        CliRun.of(
            "eval",
            "--model",
            model.toString(),
            "--dataset",
            "cifar10",
            "--data",
            batch.getParent().getParent().toString(),
            "--json",
            json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode evaluated = JSON.readTree(json.toFile());
    JsonNode expected =
        python.call(
            "python_models.cifar_metrics",
            Map.of("export_dir", model.toString(), "batch_file", batch.toString()));
    assertEquals(expected.get("examples").asInt(), evaluated.get("examples").asInt());
    assertEquals(expected.get("accuracy").asDouble(), evaluated.get("accuracy").asDouble(), 1e-12);
    assertEquals(expected.get("top5").asDouble(), evaluated.get("top5").asDouble(), 1e-12);

    // predict: every class's score for image files, decoded by reslab and by TensorFlow
    List<String> files = cifarPngs(batch, model, 3);
    // --size: a signature that takes any image size (the tf.Module's) needs one; Python does not
    // ask.
    List<String> args =
        new ArrayList<>(
            List.of(
                "predict",
                "--model",
                model.toString(),
                "--top",
                "10",
                "--json",
                "--size",
                "32,32",
                "--image"));
    args.addAll(files);
    CliRun predict = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, predict.exitCode(), predict.err());
    JsonNode predicted = JSON.readTree(predict.out());
    JsonNode scores =
        python.call(
            "python_models.predict_files", Map.of("export_dir", model.toString(), "files", files));
    for (int i = 0; i < files.size(); i++) {
      JsonNode top = predicted.get(i).get("top");
      assertEquals(10, top.size());
      for (JsonNode c : top) {
        double want = scores.get(i).get(c.get("class").asInt()).asDouble();
        assertEquals(
            want, c.get("score").asDouble(), 1e-4, files.get(i) + " class " + c.get("class"));
      }
    }
  }

  /** The first {@code n} images of a CIFAR-10 batch as PNG files named after {@code model}. */
  private List<String> cifarPngs(Path batch, Path model, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(batch);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int p = i * 3073 + 1 + y * 32 + x;
          image.setRGB(
              x,
              y,
              (bytes[p] & 0xff) << 16 | (bytes[p + 1024] & 0xff) << 8 | bytes[p + 2048] & 0xff);
        }
      }
      Path png = tmp.resolve(model.getFileName() + "-" + i + ".png");
      ImageIO.write(image, "png", png.toFile());
      files.add(png.toString());
    }
    return files;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }
}
