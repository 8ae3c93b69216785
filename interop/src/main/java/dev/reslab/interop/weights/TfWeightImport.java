package dev.reslab.interop.weights;

import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.model.resnet.ResNet;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * TensorFlow checkpoint weights (Python TF1/TF2, SavedModel variables) into a reslab ResNet in one
 * call.
 */
public final class TfWeightImport {
  private TfWeightImport() {}

  /**
   * Opens {@code checkpoint} (prefix, directory with a {@code checkpoint} file, or SavedModel
   * directory), matches it to {@code model} (already applied to {@code graph}) through {@code
   * names} and assigns the values in {@code session}, whose variables must be initialised.
   */
  public static VariableValues into(
      ResNet model,
      Graph graph,
      Session session,
      Path checkpoint,
      NameMap names,
      ImportOptions options) {
    VariableValues values =
        TfWeightMapping.map(TfCheckpoint.open(checkpoint), model.variables(), names, options);
    new VariableAssigner(Ops.create(graph), model.variables()).assign(session, values);
    return values;
  }
}
