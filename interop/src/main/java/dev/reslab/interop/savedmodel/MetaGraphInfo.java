package dev.reslab.interop.savedmodel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MetaGraphDef of a SavedModel.
 *
 * @param tags its tag-set, e.g. {@code [serve]}
 * @param tensorflowVersion the TensorFlow that wrote it, e.g. {@code 2.14.0}
 * @param signatures signatures by key, sorted
 * @param variables the variables it restores (name, dtype, shape), from the object graph (TF2) or
 *     the graph's variable ops (TF1)
 * @param functions TF2 functions saved as attributes of the root object (what {@code
 *     saved_model_cli} lists under "Concrete Functions"); empty for TF1
 */
public record MetaGraphInfo(
    List<String> tags,
    String tensorflowVersion,
    Map<String, SignatureInfo> signatures,
    List<TensorSpec> variables,
    List<String> functions) {

  public MetaGraphInfo {
    tags = List.copyOf(tags);
    signatures = Collections.unmodifiableMap(new LinkedHashMap<>(signatures));
    variables = List.copyOf(variables);
    functions = List.copyOf(functions);
  }

  /** Signatures one can call (without TF2's {@code __saved_model_init_op}). */
  public List<String> callableSignatures() {
    return signatures.values().stream()
        .filter(SignatureInfo::callable)
        .map(SignatureInfo::key)
        .toList();
  }

  /** Total scalar values in variables of known shape. */
  public long variableValues() {
    long total = 0;
    for (TensorSpec v : variables) {
      long n = 1;
      if (v.shape() == null) {
        continue;
      }
      for (long d : v.shape()) {
        n *= Math.max(d, 0);
      }
      total += n;
    }
    return total;
  }
}
