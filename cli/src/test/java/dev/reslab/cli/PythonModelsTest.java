package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models made in Python — a Keras 3 ResNet (Conv2D, BatchNormalization, residual adds) exported with
 * {@code model.export()}, and a bare {@code tf.Module} with a {@code @tf.function} signature — through reslab's
 * {@code inspect}, {@code eval} and {@code predict}, which must say what Python says.
 */
class PythonModelsTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

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
      theirs.get(side).fields().forEachRemaining(e -> {
        JsonNode spec = ours.get(side).get(e.getKey());
        assertEquals(e.getValue().get(0).asText(), spec.get("dtype").asText());
        assertEquals(e.getValue().get(1).toString().replace("null", "-1"), spec.get("shape").toString());
      });
    }

    // eval: accuracy and top-5 on the 932 shared CIFAR-10 test images, raw pixels in
    Path json = tmp.resolve(model.getFileName() + "-eval.json");
    CliRun eval = CliRun.of("eval", "--model", model.toString(), "--dataset", "cifar10", "--data",
        batch.getParent().getParent().toString(), "--json", json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode evaluated = JSON.readTree(json.toFile());
    JsonNode expected = python.call("python_models.cifar_metrics", Map.of("export_dir", model.toString(),
        "batch_file", batch.toString()));
    assertEquals(expected.get("examples").asInt(), evaluated.get("examples").asInt());
    assertEquals(expected.get("accuracy").asDouble(), evaluated.get("accuracy").asDouble(), 1e-12);
    assertEquals(expected.get("top5").asDouble(), evaluated.get("top5").asDouble(), 1e-12);

    // predict: every class's score for image files, decoded by reslab and by TensorFlow
    byte[] bytes = Files.readAllBytes(batch);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int p = i * 3073 + 1 + y * 32 + x;
          image.setRGB(x, y, (bytes[p] & 0xff) << 16 | (bytes[p + 1024] & 0xff) << 8 | bytes[p + 2048] & 0xff);
        }
      }
      Path png = tmp.resolve(model.getFileName() + "-" + i + ".png");
      ImageIO.write(image, "png", png.toFile());
      files.add(png.toString());
    }
    // --size: a signature that takes any image size (the tf.Module's) needs one; Python does not ask.
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--top", "10", "--json",
        "--size", "32,32", "--image"));
    args.addAll(files);
    CliRun predict = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, predict.exitCode(), predict.err());
    JsonNode predicted = JSON.readTree(predict.out());
    JsonNode scores = python.call("python_models.predict_files", Map.of("export_dir", model.toString(),
        "files", files));
    for (int i = 0; i < files.size(); i++) {
      JsonNode top = predicted.get(i).get("top");
      assertEquals(10, top.size());
      for (JsonNode c : top) {
        double want = scores.get(i).get(c.get("class").asInt()).asDouble();
        assertEquals(want, c.get("score").asDouble(), 1e-4, files.get(i) + " class " + c.get("class"));
      }
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }
}
