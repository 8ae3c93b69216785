package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.Normalization;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reslab's exports and checkpoints judged by Python TensorFlow 2.21 and Keras 3: {@code
 * tf.saved_model.load}, both signatures, {@code keras.layers.TFSMLayer}, a Grad-CAM written in
 * Python on the {@code features} signature, and {@code tf.train.load_checkpoint} — for a ResNet-18
 * (cifar stem, softmax), the pretrained ResNet-20 imported from PyTorch, and a multi-label sigmoid
 * model.
 */
class PythonExportTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));

  @TempDir Path tmp;

  @Test
  void resnet18SoftmaxExportGivesReslabsOutputsInPythonAndKeras() throws Exception {
    PythonClient python = PythonClient.get();
    Path run = TrainedRuns.softmax();
    assertEquals("softmax", head(run));
    checkExport(python, run, randomPixels(6, 32, 32), 6, 32, 32, 4);
    checkCheckpoint(python, run, 3);
  }

  @Test
  void multiLabelSigmoidExportGivesReslabsOutputsInPython() throws Exception {
    PythonClient python = PythonClient.get();
    Path run = TrainedRuns.multiLabel();
    assertEquals("sigmoid", head(run));
    checkExport(python, run, randomPixels(5, 32, 32), 5, 32, 32, 4);
  }

  @Test
  void importedResNet20ExportGivesReslabsOutputsAndGradCamInPython() throws Exception {
    Path weights = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    Path cifar = DATA.resolve("cifar10/cifar-10-batches-bin/test_batch.bin");
    Assumptions.assumeTrue(
        Files.isRegularFile(weights) && Files.isRegularFile(cifar), "shared data not found");
    PythonClient python = PythonClient.get();
    Path run = tmp.resolve("r20");
    CliRun imported =
        CliRun.of(
            "import",
            "--torch",
            weights.toString(),
            "--preset",
            "resnet20",
            "--out",
            run.toString());
    assertEquals(0, imported.exitCode(), imported.err());
    int n = 8;
    float[] pixels = cifarPixels(cifar, n);
    Path export = checkExport(python, run, pixels, n, 32, 32, 3);
    checkCheckpoint(python, run, 0);

    // Grad-CAM of each image's true class at layer3, in Python (on the export) and in reslab (on
    // the run).
    int[] labels = cifarLabels(cifar, n);
    Path images = save("cam-images", new FloatArray(new long[] {n, 32, 32, 3}, pixels));
    Path camFile = tmp.resolve("cam-python.npy");
    python.call(
        "exported.grad_cam",
        Map.of(
            "export_dir",
            export.toString(),
            "images",
            images.toString(),
            "layer",
            "layer3",
            "classes",
            labels,
            "out",
            camFile.toString()));
    FloatArray pythonCam = NpyFile.read(camFile);
    try (InferenceModel model = InferenceModel.load(run)) {
      ExplainableModel explainable = ExplainableModel.of(model, normalization(model));
      List<Target> targets = new ArrayList<>();
      for (int label : labels) {
        targets.add(Target.ofClass(label));
      }
      GradCamResult cam =
          GradCam.create(explainable, List.of("layer3"))
              .explain(
                  new ImageBatch(scale(pixels, 1 / 255f), n, 32, 32, 3),
                  targets,
                  CamMethod.GRAD_CAM);
      assertEquals(
          List.of((long) n, 8L, 8L),
          List.of(pythonCam.shape()[0], pythonCam.shape()[1], pythonCam.shape()[2]));
      for (int i = 0; i < n; i++) {
        float[] ours = cam.rawMap(0, i);
        float[] theirs = Arrays.copyOfRange(pythonCam.values(), i * 64, (i + 1) * 64);
        assertSameMap(ours, theirs, "image " + i);
      }
    }
  }

  /** Exports {@code run}; Python's outputs on raw pixels must equal reslab's on the same pixels. */
  private Path checkExport(
      PythonClient python, Path run, float[] pixels, int n, int h, int w, int stages)
      throws IOException {
    Path export = tmp.resolve(run.getFileName() + "-export");
    CliRun exported = CliRun.of("export", "--model", run.toString(), "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.err());
    float[] logits;
    float[] probabilities;
    ResNetConfig config;
    List<float[]> features = new ArrayList<>();
    try (InferenceModel model = InferenceModel.load(run)) {
      config = model.config();
      float[] normalised = normalise(pixels, normalization(model));
      logits = model.logits(normalised, n, h, w);
      probabilities = model.probabilities(normalised, n, h, w);
      for (int s = 1; s <= stages; s++) {
        features.add(model.layerOutput("layer" + s, normalised, n, h, w));
      }
    }
    int k = config.classes();
    JsonNode result =
        python.call(
            "exported.outputs",
            Map.of(
                "export_dir",
                export.toString(),
                "images",
                save("images", new FloatArray(new long[] {n, h, w, 3}, pixels)).toString(),
                "logits",
                save("logits", new FloatArray(new long[] {n, k}, logits)).toString(),
                "probabilities",
                save("probabilities", new FloatArray(new long[] {n, k}, probabilities)).toString(),
                "head",
                config.head().toString().toLowerCase()));
    assertEquals("[\"features\",\"serving_default\"]", result.get("signatures").toString());
    assertTrue(
        result.get("logits_diff").asDouble() <= 1e-4,
        "Python logits differ by " + result.get("logits_diff"));
    assertTrue(
        result.get("probabilities_diff").asDouble() <= 1e-5,
        "Python probabilities differ by " + result.get("probabilities_diff"));
    assertTrue(
        result.get("probabilities_vs_head").asDouble() <= 1e-6,
        "probabilities are the head's function of the logits: "
            + result.get("probabilities_vs_head"));
    assertTrue(
        result.get("keras_logits_diff").asDouble() <= 1e-4,
        "Keras TFSMLayer logits differ by " + result.get("keras_logits_diff"));
    JsonNode shapes = result.get("feature_shapes");
    assertEquals(stages, shapes.size(), shapes.toString());
    for (int s = 1; s <= stages; s++) {
      // README: layer1 at the input resolution (cifar stem), each later stage halves it.
      int size = h >> (s - 1);
      JsonNode shape = shapes.get("layer" + s);
      int channels = features.get(s - 1).length / (n * size * size);
      assertEquals(
          "[" + n + "," + size + "," + size + "," + channels + "]", shape.toString(), "layer" + s);
    }
    return export;
  }

  /**
   * {@code tf.train.load_checkpoint(RUN/checkpoints/epoch-NNN)} holds every variable under its
   * README name.
   */
  private void checkCheckpoint(PythonClient python, Path run, int epoch) throws IOException {
    Path dir = run.resolve(String.format("checkpoints/epoch-%03d", epoch));
    Map<String, float[]> ours;
    try (InferenceModel model = InferenceModel.load(dir)) {
      ours = model.variableValues();
    }
    List<String> names = new ArrayList<>(ours.keySet());
    Path values = Files.createDirectories(tmp.resolve("checkpoint-values-" + run.getFileName()));
    JsonNode shapes =
        python.call(
            "exported.checkpoint",
            Map.of("prefix_dir", dir.toString(), "names", names, "out_dir", values.toString()));
    assertTrue(
        names.contains("layer1.0.conv1/kernel")
            && names.contains("bn1/moving_mean")
            && names.contains("fc/bias"),
        names.toString());
    for (int i = 0; i < names.size(); i++) {
      assertTrue(shapes.has(names.get(i)), "Python sees no " + names.get(i));
      float[] theirs = NpyFile.read(values.resolve(i + ".npy")).values();
      assertTrue(Arrays.equals(ours.get(names.get(i)), theirs), names.get(i) + " differs");
    }
  }

  private static String head(Path run) {
    try (InferenceModel model = InferenceModel.load(run)) {
      return model.config().head().toString().toLowerCase();
    }
  }

  private Path save(String name, FloatArray array) {
    Path file = tmp.resolve(name + "-" + System.nanoTime() + ".npy");
    NpyFile.write(file, array);
    return file;
  }

  private static Normalization normalization(InferenceModel model) {
    return ModelNormalization.recorded(model.checkpoint()).orElse(Normalization.NONE);
  }

  private static float[] normalise(float[] pixels, Normalization norm) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] / 255f - norm.mean()[i % 3]) / norm.std()[i % 3];
    }
    return out;
  }

  private static float[] scale(float[] values, float factor) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }

  private static float[] randomPixels(int n, int h, int w) {
    Random random = new Random(13);
    float[] p = new float[n * h * w * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextInt(256);
    }
    return p;
  }

  /** The first {@code n} images of a CIFAR-10 binary batch as raw NHWC pixels 0–255. */
  static float[] cifarPixels(Path batch, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(batch);
    float[] p = new float[n * 32 * 32 * 3];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            p[((i * 32 + y) * 32 + x) * 3 + c] = bytes[i * 3073 + 1 + c * 1024 + y * 32 + x] & 0xff;
          }
        }
      }
    }
    return p;
  }

  static int[] cifarLabels(Path batch, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(batch);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = bytes[i * 3073];
    }
    return labels;
  }

  /**
   * Grad-CAM maps agree: correlated (r ≥ 0.99), or both all zero (no positive evidence at that
   * layer).
   */
  static void assertSameMap(float[] ours, float[] theirs, String what) {
    double r = pearson(ours, theirs);
    assertTrue(
        r >= 0.99 || (max(ours) == 0 && max(theirs) == 0),
        what + ": reslab's Grad-CAM and Python's correlate r = " + r);
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  static double pearson(float[] a, float[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
