package dev.reslab.interop.weights;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for a model's variables, in TensorFlow layout (HWIO kernels, [in, out] dense kernels).
 *
 * @param values variable name ({@code layer1.0.conv1/kernel}) to its value
 * @param skipped model variables deliberately left at their initial values (the head with {@link
 *     ImportOptions#allowMissingHead()})
 */
public record VariableValues(Map<String, FloatArray> values, List<String> skipped) {

  public VariableValues {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    skipped = List.copyOf(skipped);
  }

  public FloatArray get(String variable) {
    FloatArray v = values.get(variable);
    if (v == null) {
      throw new ReslabException("no value for variable '" + variable + "'");
    }
    return v;
  }
}
