package dev.reslab.model.layers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Fully connected layer {@code y = x·W + b} on [N, in] input; kernel [in, units], Glorot-uniform
 * initialised.
 */
public final class Dense extends Layer {
  private final int units;
  private final boolean useBias;
  private final long seed;
  private Operand<TFloat32> kernel;
  private Operand<TFloat32> bias;

  public Dense(String name, int units, long seed) {
    this(name, units, true, seed);
  }

  public Dense(String name, int units, boolean useBias, long seed) {
    super(name);
    if (units < 1) {
      throw new IllegalArgumentException(
          "Dense '" + name + "': units must be at least 1, got " + units);
    }
    this.units = units;
    this.useBias = useBias;
    this.seed = seed;
  }

  public int units() {
    return units;
  }

  @Override
  protected void build(Ops root, Shape inputShape) {
    List<VariableShape> shapes = variableShapes(inputShape);
    kernel =
        addVariable(root, "kernel", shapes.get(0).shape(), true, Initializer.glorotUniform(seed))
            .value();
    if (useBias) {
      bias = addVariable(root, "bias", shapes.get(1).shape(), true, Initializer.zeros()).value();
    }
  }

  @Override
  public List<VariableShape> variableShapes(Shape inputShape) {
    if (inputShape.numDimensions() != 2) {
      throw new IllegalArgumentException(
          "Dense '" + name() + "' expects [batch, features] input, got " + inputShape);
    }
    VariableShape k = new VariableShape("kernel", Shape.of(channels(inputShape), units), true);
    return useBias ? List.of(k, new VariableShape("bias", Shape.of(units), true)) : List.of(k);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    variableShapes(inputShape);
    return Shape.of(inputShape.size(0), units);
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    Operand<TFloat32> y = tf.linalg.matMul(input, kernel);
    return useBias ? tf.nn.biasAdd(y, bias) : y;
  }
}
