package dev.reslab.model.resnet;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Layer;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A residual block removed by the {@link BlockMask}: only its shortcut path remains — the identity
 * when the block kept shapes, otherwise its projection or zero-pad shortcut (which keeps its
 * torchvision name, e.g. {@code layer2.0.downsample.0}).
 */
public final class RemovedBlock extends Layer {
  private final Layer shortcut;

  /**
   * A removed block; {@code shortcut} is null when the block kept shapes (it becomes the identity).
   */
  public RemovedBlock(String name, Layer shortcut) {
    super(name);
    this.shortcut = shortcut;
  }

  @Override
  public String typeName() {
    return shortcut == null ? "RemovedBlock(identity)" : "RemovedBlock(shortcut)";
  }

  @Override
  public List<Layer> children() {
    return shortcut == null ? List.of() : List.of(shortcut);
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    return shortcut == null ? tf.identity(input) : shortcut.call(ctx.root(), input, ctx);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return shortcut == null ? inputShape : shortcut.traceShapes(inputShape, trace);
  }
}
