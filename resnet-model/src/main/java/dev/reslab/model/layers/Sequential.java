package dev.reslab.model.layers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Layers applied one after another; its own output is recorded under its name (e.g. a ResNet stage,
 * {@code layer1}).
 */
public final class Sequential extends Layer {
  private final List<Layer> layers;

  public Sequential(String name, List<? extends Layer> layers) {
    super(name);
    this.layers = List.copyOf(layers);
  }

  @Override
  public List<Layer> children() {
    return layers;
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    return LayerChain.apply(ctx.root(), layers, input, ctx);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    Shape x = inputShape;
    for (Layer layer : layers) {
      x = layer.traceShapes(x, trace);
    }
    return x;
  }
}
