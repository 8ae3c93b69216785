package dev.reslab.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Base of every layer: a name, variables created once, and a call on a tensor.
 *
 * <p>The first {@link #call} builds the layer (creates its variables in the context's graph, sized
 * from the input shape); later calls, for example an inference pass after a training pass, reuse
 * them. A layer belongs to one graph.
 */
public abstract class Layer {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private final String name;
  private final List<ModelVariable> variables = new ArrayList<>();
  private ExecutionEnvironment builtIn;
  private Ops variableScope;

  protected Layer(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "layer name '" + name + "' is not valid: use letters, digits, '.', '_' or '-'");
    }
    this.name = name;
  }

  public final String name() {
    return name;
  }

  /** A short type name for summaries, e.g. {@code Conv2D}. */
  public String typeName() {
    return getClass().getSimpleName();
  }

  /** Calls the layer on {@code input}, building it first if this is its first call. */
  public final Operand<TFloat32> call(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    buildOnce(ctx, input.shape());
    Operand<TFloat32> out = forward(tf.withSubScope(name), input, ctx);
    ctx.record(name, out);
    return out;
  }

  /** Builds the layer in {@code ctx}'s graph on its first call; later calls check the graph. */
  final void buildOnce(CallContext ctx, Shape inputShape) {
    ExecutionEnvironment env = ctx.root().scope().env();
    if (builtIn == null) {
      build(ctx.root(), inputShape);
      builtIn = env;
    } else if (builtIn != env) {
      throw new IllegalStateException(
          "layer '" + name + "' was built in another graph; build a new model");
    }
  }

  /**
   * The output shape for an input of {@code inputShape}, worked out in plain Java (summaries use
   * it, so they need not load TensorFlow); puts the input and output shapes of this layer and of
   * every layer inside it into {@code trace}.
   */
  public final Shape traceShapes(Shape inputShape, Map<String, ShapeTrace> trace) {
    Shape out = outputShape(inputShape, trace);
    trace.put(name, new ShapeTrace(inputShape, out));
    return out;
  }

  /**
   * What {@link #forward} makes of {@code inputShape}; containers trace their children into {@code
   * trace}. Abstract so a new layer cannot be summarised with a wrong shape.
   */
  protected abstract Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace);

  /**
   * The variables {@link #build} creates (not the children's) for an input of {@code inputShape}.
   */
  public List<VariableShape> variableShapes(Shape inputShape) {
    return List.of();
  }

  /** A layer's input and output shape in a {@link #traceShapes} pass. */
  public record ShapeTrace(Shape input, Shape output) {}

  /**
   * One variable as {@link #build} creates it: its role ({@code kernel}, {@code moving_mean}, ...)
   * and shape.
   */
  public record VariableShape(String role, Shape shape, boolean trainable) {}

  /** Creates the layer's variables; {@code inputShape} is the static shape of the first input. */
  protected void build(Ops root, Shape inputShape) {}

  /** The computation. {@code tf} is already scoped to this layer's name. */
  protected abstract Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx);

  /** Layers this one is made of (empty for a leaf). */
  public List<Layer> children() {
    return List.of();
  }

  /** This layer's own variables (not its children's); empty before the first call. */
  public final List<ModelVariable> ownVariables() {
    return Collections.unmodifiableList(variables);
  }

  /** This layer's and all its descendants' variables, in call order. */
  public final List<ModelVariable> variables() {
    List<ModelVariable> all = new ArrayList<>(variables);
    for (Layer child : children()) {
      all.addAll(child.variables());
    }
    return all;
  }

  /**
   * Trainable parameters of this layer and its descendants (BatchNorm moving statistics do not
   * count).
   */
  public final long parameterCount() {
    return variables().stream()
        .filter(ModelVariable::trainable)
        .mapToLong(ModelVariable::size)
        .sum();
  }

  public final boolean isBuilt() {
    return builtIn != null;
  }

  /**
   * Creates a variable named {@code <layer>/<role>} whose initial value is computed by {@code
   * initializer} in the graph's init scope, and returns its handle; computations use its {@link
   * ModelVariable#value() value}, read through {@code identity}.
   */
  protected final ModelVariable addVariable(
      Ops root, String role, Shape shape, boolean trainable, Initializer initializer) {
    // One scope per layer: each withSubScope call makes a new unique scope (conv1, conv1_1, ...),
    // and the variable
    // op names are what checkpoints (and Python) see, so they must be exactly <layer>/<role>.
    if (variableScope == null) {
      variableScope = root.withSubScope(name);
    }
    Ops init = variableScope.withInitScope().withSubScope(role + "_init");
    Operand<TFloat32> initial = initializer.create(init, shape, name + "/" + role);
    Variable<TFloat32> variable = variableScope.withName(role).variable(initial);
    Operand<TFloat32> value = variableScope.withName(role + "_read").identity(variable);
    if (!variable.op().name().equals(name + "/" + role)) {
      throw new IllegalStateException(
          "variable "
              + name
              + "/"
              + role
              + " was created as "
              + variable.op().name()
              + "; is the layer name '"
              + name
              + "' used twice in this graph?");
    }
    ModelVariable handle =
        new ModelVariable(name + "/" + role, name, role, variable, value, trainable);
    variables.add(handle);
    return handle;
  }

  /** The size of the last (channel) dimension of a static NHWC or NC shape. */
  protected final long channels(Shape shape) {
    long c = shape.size(shape.numDimensions() - 1);
    if (c < 0) {
      throw new IllegalArgumentException(
          "layer '" + name + "' needs a known channel count, got shape " + shape);
    }
    return c;
  }

  @Override
  public String toString() {
    return typeName() + "(" + name + ")";
  }
}
