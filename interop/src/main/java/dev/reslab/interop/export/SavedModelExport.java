package dev.reslab.interop.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.lock.RunLock;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports a run's checkpoint as a TF1-style SavedModel (tag {@code serve}) that Python loads with
 * {@code tf.saved_model.load(dir).signatures["serving_default"]}.
 *
 * <p>The graph is built for inference only (no training ops, BatchNorm with moving statistics). Its
 * input {@code images} is float32 [N, H, W, 3] RGB with <b>raw pixels 0–255</b>; the graph divides
 * by 255 and applies the run's per-channel mean and standard deviation itself, so Python users need
 * no reslab knowledge. Signatures:
 *
 * <ul>
 *   <li>{@code serving_default}: images → {@code logits}, {@code probabilities} (softmax or sigmoid
 *       per the head)
 *   <li>{@code features}: images → {@code layer1} … {@code layerN} (NHWC stage outputs; the tensors
 *       the logits are computed from, so Python can feed them to the pruned graph for Grad-CAM)
 * </ul>
 *
 * The same description is written to {@code assets.extra/reslab.json}.
 */
public final class SavedModelExport {
  public static final String SERVING = Signature.DEFAULT_KEY;
  public static final String FEATURES = "features";

  private SavedModelExport() {}

  /**
   * What was exported.
   *
   * @param dir the SavedModel folder
   * @param epoch the checkpoint's epoch
   * @param mean per-channel mean applied inside the graph (after /255)
   * @param std per-channel standard deviation applied inside the graph
   * @param features names of the {@code features} outputs
   */
  public record Exported(Path dir, int epoch, float[] mean, float[] std, List<String> features) {}

  /**
   * Exports {@code modelArg} (RUN, RUN/best or RUN/checkpoints/epoch-NNN) into {@code out}, which
   * must not exist, normalising inside the served graph as the run recorded (a run without a
   * recorded normalisation gets pixels / 255 only).
   */
  public static Exported export(Path modelArg, Path out) {
    return export(modelArg, out, null, null);
  }

  /**
   * Exports {@code modelArg} (RUN, RUN/best or RUN/checkpoints/epoch-NNN) into {@code out}, which
   * must not exist. {@code mean}/{@code std} override the run's recorded normalisation (null: use
   * the run's; a run without one gets pixels / 255 only).
   */
  public static Exported export(Path modelArg, Path out, float[] mean, float[] std) {
    RunDirectory.Checkpoint cp = RunDirectory.resolve(modelArg);
    RunConfig run = cp.run().readConfig();
    float[][] norm = normalization(run, mean, std);
    if (Files.exists(out)) {
      throw new ReslabException(out + " already exists; choose a new folder for the SavedModel");
    }
    // RUN/saved_model: a writer of that run like any other, so not while another process trains it
    try (RunLock lock =
        enclosingRun(out).map(r -> RunLock.acquire(r, "exported into")).orElse(null)) {
      return export(cp, run, norm, out);
    }
  }

  /** The run folder {@code path} lies in (with its config.json and checkpoints), if any. */
  private static Optional<Path> enclosingRun(Path path) {
    for (Path p = path.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config.json"))
          && Files.isDirectory(p.resolve("checkpoints"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Exported export(
      RunDirectory.Checkpoint cp, RunConfig run, float[][] norm, Path out) {
    Path parent = out.toAbsolutePath().getParent();
    Path tmp = parent.resolve("." + out.getFileName() + ".export-tmp");
    AtomicFiles.deleteTree(tmp);
    ResNetConfig config = run.model();
    List<String> featureNames = new ArrayList<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      Operand<TFloat32> scaled = tf.math.div(images, tf.constant(255f));
      Operand<TFloat32> normalised =
          tf.withName("normalised_images")
              .math
              .div(tf.math.sub(scaled, tf.constant(norm[0])), tf.constant(norm[1]));
      ResNet model = ResNet.build(config);
      ForwardPass pass = model.apply(tf, normalised, CallContext.inference(tf));
      Signature.Builder serving =
          Signature.builder(SERVING)
              .methodName("tensorflow/serving/predict")
              .input("images", images)
              .output("logits", tf.withName("logits").identity(pass.logits()))
              .output(
                  "probabilities", tf.withName("probabilities_out").identity(pass.probabilities()));
      Signature.Builder features =
          Signature.builder(FEATURES)
              .methodName("tensorflow/serving/predict")
              .input("images", images);
      for (int stage = 1; stage <= config.depths().size(); stage++) {
        String name = "layer" + stage;
        // The stage's own tensor, not a copy: it lies on the path to the logits, so Python can feed
        // it
        // (m.prune(feeds=[layer], fetches=["logits:0"])) and differentiate the logits with respect
        // to it.
        features.output(name, pass.output(name));
        featureNames.add(name);
      }
      try (Session s = new Session(g)) {
        cp.restoreInto(s);
        Files.createDirectories(parent);
        SavedModelBundle.exporter(tmp.toString())
            .withSession(s)
            .withTags("serve")
            .withSignatures(serving.build(), features.build())
            .export();
      }
      writeDescription(tmp, config, cp, run, norm, featureNames);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      AtomicFiles.deleteTree(tmp);
      throw new ReslabException("cannot export to " + out + ": " + IoReason.of(e), e);
    } catch (RuntimeException e) {
      AtomicFiles.deleteTree(tmp);
      throw e;
    }
    return new Exported(out, cp.epoch(), norm[0], norm[1], List.copyOf(featureNames));
  }

  @SuppressWarnings("unchecked")
  private static float[][] normalization(RunConfig run, float[] mean, float[] std) {
    if (mean != null || std != null) {
      if (mean == null || std == null || mean.length != 3 || std.length != 3) {
        throw new ReslabException(
            "a normalisation override needs both the means and the standard deviations, 3 values each");
      }
      return new float[][] {mean, std};
    }
    Object n = run.data().get("normalization");
    if (n instanceof Map<?, ?> m
        && m.get("mean") instanceof List<?> ml
        && m.get("std") instanceof List<?> sl) {
      return new float[][] {floats((List<Number>) ml), floats((List<Number>) sl)};
    }
    return new float[][] {{0f, 0f, 0f}, {1f, 1f, 1f}};
  }

  private static float[] floats(List<Number> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i).floatValue();
    }
    return f;
  }

  private static void writeDescription(
      Path dir,
      ResNetConfig config,
      RunDirectory.Checkpoint cp,
      RunConfig run,
      float[][] norm,
      List<String> features)
      throws IOException {
    int size = RunConfig.inputSize(config, run.data());
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", "images");
    input.put("dtype", "float32");
    input.put("shape", "[N, H, W, 3]");
    input.put(
        "pixels", "raw RGB 0-255; the graph divides by 255 and normalises with mean/std itself");
    input.put("mean", norm[0]);
    input.put("std", norm[1]);
    // the graph takes any size; this is the one the model was trained at (predict resizes to it)
    input.put("height", size);
    input.put("width", size);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("input", input);
    // the run's data facts that decide how image files are read for it (and its class names)
    Map<String, Object> data = new LinkedHashMap<>();
    if (run.data().get("dataset") != null) {
      data.put("dataset", run.data().get("dataset"));
    }
    data.put("imageSize", size);
    if (run.data().get("labels") instanceof List<?> labels && labels.size() == config.classes()) {
      data.put("labels", labels);
    }
    doc.put("data", data);
    doc.put(
        "serving_default",
        Map.of(
            "logits",
            "[N, " + config.classes() + "]",
            "probabilities",
            config.head() + " of the logits"));
    doc.put(FEATURES, features);
    doc.put("model", config);
    doc.put("source", Map.of("run", cp.run().root().toString(), "epoch", cp.epoch()));
    doc.put(
        "python", "m = tf.saved_model.load(dir); out = m.signatures['serving_default'](images=x)");
    Path extra = dir.resolve("assets.extra");
    Files.createDirectories(extra);
    Files.writeString(
        extra.resolve("reslab.json"),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
  }
}
