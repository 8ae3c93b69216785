package dev.reslab.interop.savedmodel;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.model.engine.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel made in Python (TF1 or TF2/Keras), loaded for inference:
 *
 * <pre>{@code
 * try (ImportedSavedModel m = ImportedSavedModel.load(Path.of("cifar10_model"))) {
 *   FloatArray probabilities = m.run(m.defaultSignature(), pixels, Preprocessing.scaleOnly(1 / 255f), 128);
 * }
 * }</pre>
 *
 * <p>The signature's input and output are picked automatically when it has one of each; otherwise
 * name them. Not thread-safe for loading; runs may be concurrent.
 */
public final class ImportedSavedModel implements AutoCloseable {
  private final SavedModelInfo info;
  private final MetaGraphInfo metaGraph;
  private final SavedModelBundle bundle;

  private ImportedSavedModel(
      SavedModelInfo info, MetaGraphInfo metaGraph, SavedModelBundle bundle) {
    this.info = info;
    this.metaGraph = metaGraph;
    this.bundle = bundle;
  }

  /**
   * Loads the MetaGraphDef tagged {@code serve} (else the first one) of the SavedModel in {@code
   * dir}.
   */
  public static ImportedSavedModel load(Path dir) {
    return load(dir, SessionOptions.defaults());
  }

  /**
   * Loads as {@link #load(Path)}, with a session configured by {@code options} (precision,
   * threads).
   */
  public static ImportedSavedModel load(Path dir, SessionOptions options) {
    SavedModelInfo info = SavedModelInspector.inspect(dir);
    MetaGraphInfo mg = info.serving();
    Path index = dir.resolve("variables").resolve("variables.index");
    if (!mg.variables().isEmpty() && !Files.isRegularFile(index)) {
      // TensorFlow would load the graph and fail on the first run ("Could not find variable ...").
      throw new ReslabException(
          "SavedModel "
              + dir
              + " has "
              + mg.variables().size()
              + " variables but no "
              + index
              + (Files.isDirectory(index.getParent()) ? "" : " (the variables folder is missing)")
              + "; copy the whole SavedModel folder");
    }
    try {
      SavedModelBundle bundle =
          SavedModelBundle.loader(dir.toString())
              .withTags(mg.tags().toArray(String[]::new))
              .withConfigProto(options.toProto())
              .load();
      return new ImportedSavedModel(info, mg, bundle);
    } catch (TensorFlowException e) {
      throw new ReslabException(
          "TensorFlow cannot load the SavedModel in "
              + dir
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  public SavedModelInfo info() {
    return info;
  }

  /** The loaded bundle, for callers that need its graph or session. */
  public SavedModelBundle bundle() {
    return bundle;
  }

  /** Names of the signatures one can run. */
  public List<String> signatureNames() {
    return metaGraph.callableSignatures();
  }

  /** The named signature; an unknown name is an error listing the valid ones. */
  public SignatureInfo signature(String name) {
    SignatureInfo sig = metaGraph.signatures().get(name);
    if (sig == null || !sig.callable()) {
      throw new ReslabException(
          "SavedModel "
              + info.directory()
              + " has no signature '"
              + name
              + "'; its signatures are "
              + String.join(", ", signatureNames()));
    }
    return sig;
  }

  /**
   * {@code serving_default} when present, else the only signature; with several and no default, an
   * error.
   */
  public String defaultSignature() {
    List<String> names = signatureNames();
    if (names.contains("serving_default")) {
      return "serving_default";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    throw new ReslabException(
        "SavedModel "
            + info.directory()
            + " has no serving_default signature; "
            + "choose one of "
            + String.join(", ", names));
  }

  /**
   * Runs {@code signature} on {@code input} after {@code preprocessing}, picking its single input
   * and output.
   */
  public FloatArray run(String signature, FloatArray input, Preprocessing preprocessing) {
    SignatureInfo sig = signature(signature);
    return run(
        signature,
        only(sig, sig.inputs(), "input"),
        only(sig, sig.outputs(), "output"),
        input,
        preprocessing);
  }

  /**
   * As {@link #run(String, FloatArray, Preprocessing)}, {@code batchSize} rows of the first axis at
   * a time.
   */
  public FloatArray run(
      String signature, FloatArray input, Preprocessing preprocessing, int batchSize) {
    if (input.rank() == 0 || input.dim(0) <= batchSize) {
      return run(signature, input, preprocessing);
    }
    int n = (int) input.dim(0);
    float[] out = null;
    long[] shape = null;
    int offset = 0;
    for (int from = 0; from < n; from += batchSize) {
      FloatArray part =
          run(signature, input.slice(from, Math.min(n, from + batchSize)), preprocessing);
      if (out == null) {
        shape = part.shape();
        shape[0] = n;
        out = new float[Math.toIntExact(part.values().length / part.dim(0) * n)];
      }
      System.arraycopy(part.values(), 0, out, offset, part.values().length);
      offset += part.values().length;
    }
    return new FloatArray(shape, out);
  }

  /** Runs {@code signature} feeding {@code inputKey} and fetching {@code outputKey}. */
  public FloatArray run(
      String signature,
      String inputKey,
      String outputKey,
      FloatArray input,
      Preprocessing preprocessing) {
    SignatureInfo sig = signature(signature);
    TensorSpec in = spec(sig, sig.inputs(), "input", inputKey);
    TensorSpec out = spec(sig, sig.outputs(), "output", outputKey);
    if (sig.inputs().size() != 1) {
      throw new ReslabException(
          "signature '"
              + signature
              + "' has "
              + sig.inputs().size()
              + " inputs ("
              + keys(sig.inputs())
              + "); reslab feeds one float input");
    }
    checkInput(sig, in, input);
    if (!out.isFloat()) {
      throw new ReslabException(
          "output '"
              + out.key()
              + "' of signature '"
              + signature
              + "' is "
              + out.dtype()
              + "; reslab reads float outputs");
    }
    try (TFloat32 x = preprocessing.apply(input).toTensor();
        Result r = bundle.function(signature).call(Map.<String, Tensor>of(in.key(), x))) {
      Tensor y =
          r.get(out.key())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "signature '" + signature + "' returned no output '" + out.key() + "'"));
      return FloatArray.of((TFloat32) y);
    }
  }

  /**
   * Runs {@code signature} with every input given by key (no preprocessing) and returns every float
   * output by key: for signatures with several inputs or outputs. A missing or unknown input is an
   * error listing the valid ones.
   */
  public Map<String, FloatArray> call(String signature, Map<String, FloatArray> inputs) {
    SignatureInfo sig = signature(signature);
    if (!sig.inputs().keySet().equals(inputs.keySet())) {
      throw new ReslabException(
          "signature '"
              + signature
              + "' takes inputs "
              + keys(sig.inputs())
              + ", got "
              + (inputs.isEmpty() ? "none" : String.join(", ", inputs.keySet())));
    }
    Map<String, Tensor> feed = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, FloatArray> e : inputs.entrySet()) {
        checkInput(sig, sig.inputs().get(e.getKey()), e.getValue());
        feed.put(e.getKey(), e.getValue().toTensor());
      }
      try (Result r = bundle.function(signature).call(feed)) {
        Map<String, FloatArray> out = new LinkedHashMap<>();
        for (TensorSpec spec : sig.outputs().values()) {
          r.get(spec.key())
              .filter(t -> t instanceof TFloat32)
              .ifPresent(t -> out.put(spec.key(), FloatArray.of((TFloat32) t)));
        }
        return out;
      }
    } finally {
      feed.values().forEach(Tensor::close);
    }
  }

  private static void checkInput(SignatureInfo sig, TensorSpec spec, FloatArray input) {
    if (!spec.isFloat()) {
      throw new ReslabException(
          "input '"
              + spec.key()
              + "' of signature '"
              + sig.key()
              + "' is "
              + spec.dtype()
              + "; reslab feeds float input");
    }
    if (!spec.rankKnown()) {
      return;
    }
    long[] want = spec.shape();
    long[] got = input.shape();
    boolean fits = want.length == got.length;
    for (int i = 0; fits && i < want.length; i++) {
      fits = want[i] < 0 || want[i] == got[i];
    }
    if (!fits) {
      throw new ReslabException(
          "input '"
              + spec.key()
              + "' of signature '"
              + sig.key()
              + "' needs "
              + (want.length != got.length ? "rank " + want.length + " " : "")
              + "shape "
              + Arrays.toString(want).replace(" ", "")
              + " (-1: any size), got "
              + Arrays.toString(got).replace(" ", ""));
    }
  }

  private static String only(SignatureInfo sig, Map<String, TensorSpec> specs, String kind) {
    if (specs.size() != 1) {
      throw new ReslabException(
          "signature '"
              + sig.key()
              + "' has "
              + specs.size()
              + " "
              + kind
              + "s ("
              + keys(specs)
              + "); name the "
              + kind
              + " to use");
    }
    return specs.keySet().iterator().next();
  }

  private static TensorSpec spec(
      SignatureInfo sig, Map<String, TensorSpec> specs, String kind, String key) {
    TensorSpec spec = specs.get(key);
    if (spec == null) {
      throw new ReslabException(
          "signature '"
              + sig.key()
              + "' has no "
              + kind
              + " '"
              + key
              + "'; its "
              + kind
              + "s are "
              + keys(specs));
    }
    return spec;
  }

  private static String keys(Map<String, TensorSpec> specs) {
    return specs.isEmpty() ? "none" : String.join(", ", specs.keySet());
  }

  @Override
  public void close() {
    bundle.close();
  }
}
