package dev.reslab.model.resnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Layer;
import dev.reslab.model.layers.ModelVariable;

/**
 * A model described as a table: each layer's name, type, output shape and parameters, and the totals.
 *
 * @param config          the configuration summarised
 * @param inputSize       height and width of the input the shapes are for
 * @param rows            every layer, containers before their children
 * @param parameters      trainable parameters
 * @param nonTrainable    non-trainable values (BatchNorm moving statistics)
 */
public record ModelSummary(ResNetConfig config, int inputSize, List<Row> rows, long parameters, long nonTrainable) {

  /**
   * One layer.
   *
   * @param name        torchvision-style name
   * @param type        layer type
   * @param outputShape output shape with -1 for the batch
   * @param parameters  trainable parameters of this layer and everything inside it
   * @param container   whether the layer is made of other rows (its parameters are theirs)
   */
  public record Row(String name, String type, List<Long> outputShape, long parameters, boolean container) {}

  /** Builds {@code config} in a scratch graph on [batch, size, size, 3] input and describes it. */
  public static ModelSummary of(ResNetConfig config, int inputSize) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("input size must be at least 1 pixel, got " + inputSize);
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> images = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, inputSize, inputSize, 3)));
      ResNet model = ResNet.build(config);
      ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
      List<Row> rows = new ArrayList<>();
      for (Layer layer : model.allLayers()) {
        Operand<TFloat32> out = pass.outputs().get(layer.name());
        Shape shape = out.shape();
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < shape.numDimensions(); i++) {
          dims.add(shape.size(i));
        }
        rows.add(new Row(layer.name(), layer.typeName(), dims, layer.parameterCount(), !layer.children().isEmpty()));
      }
      long nonTrainable = model.variables().stream().filter(v -> !v.trainable()).mapToLong(ModelVariable::size).sum();
      return new ModelSummary(config, inputSize, List.copyOf(rows), model.parameterCount(), nonTrainable);
    }
  }

  /** Summary at the stem's usual input size (32 for cifar, 224 for imagenet). */
  public static ModelSummary of(ResNetConfig config) {
    return of(config, config.stem().defaultInputSize());
  }

  /** A fixed-width text table; container rows show their parameters in parentheses (they are their children's). */
  public String toTable() {
    int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    int typeWidth = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(0));
    String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-20s  %14s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, format, "Layer", "Type", "Output shape", "Parameters"));
    sb.append("-".repeat(nameWidth + typeWidth + 40)).append('\n');
    for (Row row : rows) {
      String params = String.format(Locale.ROOT, "%,d", row.parameters());
      sb.append(String.format(Locale.ROOT, format, row.name(), row.type(), shapeText(row.outputShape()),
          row.container() ? "(" + params + ")" : params));
    }
    sb.append("-".repeat(nameWidth + typeWidth + 40)).append('\n');
    sb.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", parameters));
    sb.append(String.format(Locale.ROOT, "Non-trainable values (BatchNorm moving statistics): %,d%n", nonTrainable));
    return sb.toString();
  }

  private static String shapeText(List<Long> dims) {
    List<String> parts = new ArrayList<>();
    for (long d : dims) {
      parts.add(d < 0 ? "N" : Long.toString(d));
    }
    return "[" + String.join(", ", parts) + "]";
  }
}
