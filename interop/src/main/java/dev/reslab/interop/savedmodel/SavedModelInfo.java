package dev.reslab.interop.savedmodel;

import java.nio.file.Path;
import java.util.List;

/**
 * What a SavedModel directory declares, read from {@code saved_model.pb} without loading the graph.
 *
 * @param directory the SavedModel directory
 * @param metaGraphs its MetaGraphDefs (usually one, tagged {@code serve})
 */
public record SavedModelInfo(Path directory, List<MetaGraphInfo> metaGraphs) {

  public SavedModelInfo {
    metaGraphs = List.copyOf(metaGraphs);
  }

  /** The MetaGraphDef tagged {@code serve}, else the first. */
  public MetaGraphInfo serving() {
    return metaGraphs.stream()
        .filter(m -> m.tags().contains("serve"))
        .findFirst()
        .orElse(metaGraphs.get(0));
  }

  /**
   * The text {@code saved_model_cli show --dir DIR --all} prints: per tag-set, every signature with
   * its inputs and outputs (dtype, shape, tensor name) and method name; then, beyond
   * saved_model_cli, the variables count and TF2 function names.
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (MetaGraphInfo mg : metaGraphs) {
      b.append("MetaGraphDef with tag-set: '")
          .append(String.join(", ", mg.tags()))
          .append("' contains the following SignatureDefs:\n\n");
      for (SignatureInfo sig : mg.signatures().values()) {
        b.append("signature_def['").append(sig.key()).append("']:\n");
        b.append("  The given SavedModel SignatureDef contains the following input(s):\n");
        sig.inputs().values().forEach(t -> tensor(b, "inputs", t));
        b.append("  The given SavedModel SignatureDef contains the following output(s):\n");
        sig.outputs().values().forEach(t -> tensor(b, "outputs", t));
        b.append("  Method name is: ").append(sig.methodName()).append("\n\n");
      }
      b.append("Variables: ")
          .append(mg.variables().size())
          .append(" (")
          .append(mg.variableValues())
          .append(" values)\n");
      if (!mg.functions().isEmpty()) {
        b.append("Concrete Functions: ").append(String.join(", ", mg.functions())).append('\n');
      }
      b.append("Written by TensorFlow ")
          .append(mg.tensorflowVersion().isEmpty() ? "(unknown)" : mg.tensorflowVersion())
          .append("\n\n");
    }
    return b.toString().stripTrailing() + "\n";
  }

  private static void tensor(StringBuilder b, String kind, TensorSpec t) {
    b.append("    ").append(kind).append("['").append(t.key()).append("'] tensor_info:\n");
    b.append("        dtype: ")
        .append(t.dtype().equals("DT_UNKNOWN") ? "DT_INVALID" : t.dtype())
        .append('\n');
    b.append("        shape: ").append(t.shapeText()).append('\n');
    b.append("        name: ").append(t.name()).append('\n');
  }
}
