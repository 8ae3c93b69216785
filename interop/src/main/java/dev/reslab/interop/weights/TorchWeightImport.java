package dev.reslab.interop.weights;

import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.model.resnet.ResNet;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * PyTorch weights into a reslab ResNet in one call:
 *
 * <pre>{@code
 * ResNet model = ResNet.build(ResNetPreset.RESNET20.config());
 * ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
 * try (Session s = new Session(graph)) {
 *   s.initialize();
 *   TorchWeightImport.into(model, graph, s, Path.of("resnet20-12fca82f.th"), ImportOptions.STRICT);
 *   ...
 * }
 * }</pre>
 */
public final class TorchWeightImport {
  private TorchWeightImport() {}

  /**
   * Reads {@code checkpoint}, checks it against {@code model} (already applied to {@code graph})
   * and assigns its values in {@code session}, whose variables must be initialised. Returns what
   * was assigned.
   */
  public static VariableValues into(
      ResNet model, Graph graph, Session session, Path checkpoint, ImportOptions options) {
    StateDict stateDict = TorchCheckpoint.read(checkpoint);
    VariableValues values = TorchWeightMapping.map(stateDict, model, options);
    new VariableAssigner(Ops.create(graph), model.variables()).assign(session, values);
    return values;
  }
}
