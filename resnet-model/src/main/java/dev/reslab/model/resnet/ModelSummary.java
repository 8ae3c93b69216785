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
 * @param multiplyAccumulates multiply-accumulates of one image's forward pass through the convolutions and dense
 *                        layers (what papers and torchvision call "FLOPs"; a training step costs about three times
 *                        this per image)
 */
public record ModelSummary(ResNetConfig config, int inputSize, List<Row> rows, long parameters, long nonTrainable,
    long multiplyAccumulates) {

  /**
   * One layer.
   *
   * @param name        torchvision-style name
   * @param type        layer type
   * @param outputShape output shape with -1 for the batch
   * @param parameters  trainable parameters of this layer and everything inside it
   * @param multiplyAccumulates forward multiply-accumulates per image of this layer and everything inside it
   * @param container   whether the layer is made of other rows (its parameters are theirs)
   */
  public record Row(String name, String type, List<Long> outputShape, long parameters, long multiplyAccumulates,
      boolean container) {}

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
      long total = 0;
      for (Layer layer : model.allLayers()) {
        Shape shape = pass.outputs().get(layer.name()).shape();
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < shape.numDimensions(); i++) {
          dims.add(shape.size(i));
        }
        long macs = multiplyAccumulates(layer, pass);
        if (layer.children().isEmpty()) {
          total += macs;
        }
        rows.add(new Row(layer.name(), layer.typeName(), dims, layer.parameterCount(), macs,
            !layer.children().isEmpty()));
      }
      long nonTrainable = model.variables().stream().filter(v -> !v.trainable()).mapToLong(ModelVariable::size).sum();
      return new ModelSummary(config, inputSize, List.copyOf(rows), model.parameterCount(), nonTrainable, total);
    }
  }

  /**
   * Multiply-accumulates of a layer per image: a convolution does one per kernel weight at each output position, a
   * dense layer one per kernel weight; BatchNorm, activations, pooling and additions are not counted (the usual
   * convention, which the published figures follow). Containers sum their children.
   */
  private static long multiplyAccumulates(Layer layer, ForwardPass pass) {
    if (!layer.children().isEmpty()) {
      return layer.children().stream().mapToLong(c -> multiplyAccumulates(c, pass)).sum();
    }
    long kernel = layer.ownVariables().stream().filter(v -> v.role().equals("kernel")).mapToLong(ModelVariable::size)
        .sum();
    Shape out = pass.outputs().get(layer.name()).shape();
    long positions = 1;
    for (int i = 1; i < out.numDimensions() - 1; i++) {
      positions *= out.size(i);
    }
    return kernel * positions;
  }

  /** Summary at the stem's usual input size (32 for cifar, 224 for imagenet). */
  public static ModelSummary of(ResNetConfig config) {
    return of(config, config.stem().defaultInputSize());
  }

  /**
   * A fixed-width text table; container rows show their parameters and multiply-accumulates in parentheses (they
   * are their children's).
   */
  public String toTable() {
    int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    int typeWidth = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(0));
    String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-20s  %14s  %17s%n";
    String rule = "-".repeat(nameWidth + typeWidth + 59) + "\n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, format, "Layer", "Type", "Output shape", "Parameters", "Mult-adds"));
    sb.append(rule);
    for (Row row : rows) {
      String params = String.format(Locale.ROOT, "%,d", row.parameters());
      String macs = String.format(Locale.ROOT, "%,d", row.multiplyAccumulates());
      sb.append(String.format(Locale.ROOT, format, row.name(), row.type(), shapeText(row.outputShape()),
          row.container() ? "(" + params + ")" : params, row.container() ? "(" + macs + ")" : macs));
    }
    sb.append(rule);
    sb.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", parameters));
    sb.append(String.format(Locale.ROOT, "Non-trainable values (BatchNorm moving statistics): %,d%n", nonTrainable));
    sb.append(String.format(Locale.ROOT, "Multiply-accumulates per %dx%d image (forward): %,d (%.2f G)%n", inputSize,
        inputSize, multiplyAccumulates, multiplyAccumulates / 1e9));
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
