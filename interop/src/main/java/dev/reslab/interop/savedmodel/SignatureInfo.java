package dev.reslab.interop.savedmodel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;

/**
 * A signature of a SavedModel.
 *
 * @param key its name, e.g. {@code serving_default}
 * @param methodName e.g. {@code tensorflow/serving/predict}; empty for {@code
 *     __saved_model_init_op}
 * @param inputs inputs by key, sorted as {@code saved_model_cli} prints them
 * @param outputs outputs by key, sorted
 */
public record SignatureInfo(
    String key,
    String methodName,
    Map<String, TensorSpec> inputs,
    Map<String, TensorSpec> outputs) {

  /** The signature TF2 adds to run initialisers; not something to call. */
  public static final String INIT_OP = "__saved_model_init_op";

  public SignatureInfo {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  static SignatureInfo of(String key, SignatureDef def) {
    Map<String, TensorSpec> in = new TreeMap<>();
    def.getInputsMap().forEach((k, v) -> in.put(k, TensorSpec.of(k, v)));
    Map<String, TensorSpec> out = new TreeMap<>();
    def.getOutputsMap().forEach((k, v) -> out.put(k, TensorSpec.of(k, v)));
    return new SignatureInfo(key, def.getMethodName(), in, out);
  }

  public boolean callable() {
    return !key.equals(INIT_OP);
  }
}
