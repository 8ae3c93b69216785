package dev.reslab.interop.weights;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.model.layers.ModelVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a TensorFlow checkpoint (Python TF1/TF2, a SavedModel's variables, or a reslab
 * checkpoint) to a model's variables through a {@link NameMap}. TensorFlow layouts are reslab's
 * (HWIO kernels, [in, out] dense kernels), so values are taken as they are. Every model variable
 * must be found with its shape; with {@code allowMissingHead} the head is skipped. Checkpoint
 * variables no model variable asks for are ignored (optimizer slots, counters and metrics are
 * common there), unlike the stricter PyTorch import.
 */
public final class TfWeightMapping {
  private static final int LISTED = 10;

  private TfWeightMapping() {}

  public static VariableValues map(
      TfCheckpoint checkpoint,
      List<ModelVariable> variables,
      NameMap names,
      ImportOptions options) {
    if (variables.isEmpty()) {
      throw new IllegalStateException(
          "the model has no variables yet: apply it to a graph before importing weights");
    }
    Map<String, TfCheckpoint.Entry> stored = checkpoint.variables();
    Map<String, FloatArray> values = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    Set<String> unusedMapKeys = new LinkedHashSet<>(names.entries().keySet());
    for (ModelVariable v : variables) {
      unusedMapKeys.remove(v.name());
      unusedMapKeys.remove(v.layer());
      if (options.skips(v.layer())) {
        skipped.add(v.name());
        continue;
      }
      String source = names.sourceName(v);
      if (!stored.containsKey(source)
          && source.equals(v.name())
          && stored.containsKey(v.variable().op().name())) {
        source =
            v.variable()
                .op()
                .name(); // a checkpoint saved from a reslab graph names variables by op name
      }
      TfCheckpoint.Entry e = stored.get(source);
      long[] want = v.shape().asArray();
      if (e == null) {
        missing.add(source + (source.equals(v.name()) ? "" : " (for " + v.name() + ")"));
      } else if (!Arrays.equals(e.shape(), want) || !e.dtype().equals("DT_FLOAT")) {
        wrong.add(source + " " + e.dtype() + shape(e.shape()) + " (model " + shape(want) + ")");
      } else {
        values.put(v.name(), checkpoint.readFloat(source));
      }
    }
    if (!unusedMapKeys.isEmpty()) {
      throw new ReslabException(
          "name map entries match no model variable or layer: " + String.join(", ", unusedMapKeys));
    }
    if (!missing.isEmpty() || !wrong.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add(missing.size() + " missing: " + list(missing));
      }
      if (!wrong.isEmpty()) {
        parts.add(wrong.size() + " wrongly shaped: " + list(wrong));
      }
      throw new ReslabException(
          "checkpoint "
              + checkpoint.prefix()
              + " does not fit the model: "
              + String.join("; ", parts)
              + "; it has "
              + stored.size()
              + " variables, e.g. "
              + list(List.copyOf(stored.keySet()))
              + " (map names with a JSON name map)");
    }
    return new VariableValues(values, skipped);
  }

  private static String shape(long[] dims) {
    return Arrays.toString(dims).replace(" ", "");
  }

  private static String list(List<String> names) {
    return names.size() <= LISTED
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
  }
}
