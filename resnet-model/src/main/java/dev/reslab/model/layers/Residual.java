package dev.reslab.model.layers;

import java.util.Map;
import org.tensorflow.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A residual unit: {@code relu(main(x) + shortcut(x))} (or without the ReLU). The shortcut is the identity when
 * absent. The unit's output, recorded under its own name, is the value after the ReLU, as torchvision's block output.
 */
public final class Residual extends Layer {
  private final List<Layer> main;
  private final Layer shortcut;
  private final boolean reluAfterAdd;

  public Residual(String name, List<? extends Layer> main, Layer shortcut, boolean reluAfterAdd) {
    super(name);
    if (main.isEmpty()) {
      throw new IllegalArgumentException("Residual '" + name + "' needs at least one layer on its main path");
    }
    this.main = List.copyOf(main);
    this.shortcut = shortcut;
    this.reluAfterAdd = reluAfterAdd;
  }

  public List<Layer> mainPath() {
    return main;
  }

  public Optional<Layer> shortcut() {
    return Optional.ofNullable(shortcut);
  }

  @Override
  public List<Layer> children() {
    List<Layer> all = new ArrayList<>(main);
    if (shortcut != null) {
      all.add(shortcut);
    }
    return all;
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    Operand<TFloat32> x = input;
    for (Layer layer : main) {
      x = layer.call(ctx.root(), x, ctx);
    }
    Operand<TFloat32> skip = shortcut == null ? input : shortcut.call(ctx.root(), input, ctx);
    Operand<TFloat32> sum = tf.withName("add").math.add(x, skip);
    return reluAfterAdd ? tf.nn.relu(sum) : sum;
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    Shape x = inputShape;
    for (Layer layer : main) {
      x = layer.traceShapes(x, trace);
    }
    Shape skip = shortcut == null ? inputShape : shortcut.traceShapes(inputShape, trace);
    // Shape.equals never matches unknown (batch) sizes.
    if (!java.util.Arrays.equals(x.asArray(), skip.asArray())) {
      throw new IllegalArgumentException("Residual '" + name() + "': the main path gives " + x
          + " but the shortcut gives " + skip);
    }
    return x;
  }
}
