package dev.reslab.model.resnet;

import dev.reslab.model.layers.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * A model described as a table: each layer's name, type, output shape and parameters, and the
 * totals.
 *
 * @param config the configuration summarised
 * @param inputSize height and width of the input the shapes are for
 * @param rows every layer, containers before their children
 * @param parameters trainable parameters
 * @param nonTrainable non-trainable values (BatchNorm moving statistics)
 * @param multiplyAccumulates multiply-accumulates of one image's forward pass through the
 *     convolutions and dense layers (what papers and torchvision call "FLOPs"; a training step
 *     costs about three times this per image)
 */
public record ModelSummary(
    ResNetConfig config,
    int inputSize,
    List<Row> rows,
    long parameters,
    long nonTrainable,
    long multiplyAccumulates) {

  /**
   * One layer.
   *
   * @param name torchvision-style name
   * @param type layer type
   * @param outputShape output shape with -1 for the batch
   * @param parameters trainable parameters of this layer and everything inside it
   * @param multiplyAccumulates forward multiply-accumulates per image of this layer and everything
   *     inside it
   * @param container whether the layer is made of other rows (its parameters are theirs)
   */
  public record Row(
      String name,
      String type,
      List<Long> outputShape,
      long parameters,
      long multiplyAccumulates,
      boolean container) {}

  /**
   * Describes {@code config} on [batch, size, size, 3] input. The shapes are traced in plain Java
   * (no TensorFlow is loaded, so {@code reslab summary} starts at once); tests check them against a
   * graph.
   */
  public static ModelSummary of(ResNetConfig config, int inputSize) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("input size must be at least 1 pixel, got " + inputSize);
    }
    ResNet model = ResNet.build(config);
    Map<String, Layer.ShapeTrace> trace = new HashMap<>();
    Shape x = Shape.of(-1, inputSize, inputSize, 3);
    for (Layer layer : model.layers()) {
      x = layer.traceShapes(x, trace);
    }
    List<Row> rows = new ArrayList<>();
    long total = 0;
    long parameters = 0;
    long nonTrainable = 0;
    for (Layer layer : model.allLayers()) {
      Shape shape = trace.get(layer.name()).output();
      List<Long> dims = new ArrayList<>();
      for (int i = 0; i < shape.numDimensions(); i++) {
        dims.add(shape.size(i));
      }
      for (Layer.VariableShape v : ownVariables(layer, trace)) {
        if (v.trainable()) {
          parameters += v.shape().size();
        } else {
          nonTrainable += v.shape().size();
        }
      }
      long macs = multiplyAccumulates(layer, trace);
      if (layer.children().isEmpty()) {
        total += macs;
      }
      rows.add(
          new Row(
              layer.name(),
              layer.typeName(),
              dims,
              trainableParameters(layer, trace),
              macs,
              !layer.children().isEmpty()));
    }
    return new ModelSummary(config, inputSize, List.copyOf(rows), parameters, nonTrainable, total);
  }

  private static List<Layer.VariableShape> ownVariables(
      Layer layer, Map<String, Layer.ShapeTrace> trace) {
    return layer.variableShapes(trace.get(layer.name()).input());
  }

  private static long trainableParameters(Layer layer, Map<String, Layer.ShapeTrace> trace) {
    long own =
        ownVariables(layer, trace).stream()
            .filter(Layer.VariableShape::trainable)
            .mapToLong(v -> v.shape().size())
            .sum();
    return own + layer.children().stream().mapToLong(c -> trainableParameters(c, trace)).sum();
  }

  /**
   * Multiply-accumulates of a layer per image: a convolution does one per kernel weight at each
   * output position, a dense layer one per kernel weight; BatchNorm, activations, pooling and
   * additions are not counted (the usual convention, which the published figures follow).
   * Containers sum their children.
   */
  private static long multiplyAccumulates(Layer layer, Map<String, Layer.ShapeTrace> trace) {
    if (!layer.children().isEmpty()) {
      return layer.children().stream().mapToLong(c -> multiplyAccumulates(c, trace)).sum();
    }
    long kernel =
        ownVariables(layer, trace).stream()
            .filter(v -> v.role().equals("kernel"))
            .mapToLong(v -> v.shape().size())
            .sum();
    Shape out = trace.get(layer.name()).output();
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
   * A fixed-width text table; container rows show their parameters and multiply-accumulates in
   * parentheses (they are their children's).
   */
  public String toTable() {
    int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    int typeWidth = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(0));
    String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-20s  %14s  %17s%n";
    String rule = "-".repeat(nameWidth + typeWidth + 59) + "\n";
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, format, "Layer", "Type", "Output shape", "Parameters", "Mult-adds"));
    sb.append(rule);
    for (Row row : rows) {
      String params = String.format(Locale.ROOT, "%,d", row.parameters());
      String macs = String.format(Locale.ROOT, "%,d", row.multiplyAccumulates());
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              row.name(),
              row.type(),
              shapeText(row.outputShape()),
              row.container() ? "(" + params + ")" : params,
              row.container() ? "(" + macs + ")" : macs));
    }
    sb.append(rule);
    sb.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", parameters));
    sb.append(
        String.format(
            Locale.ROOT,
            "Non-trainable values (BatchNorm moving statistics): %,d%n",
            nonTrainable));
    sb.append(
        String.format(
            Locale.ROOT,
            "Multiply-accumulates per %dx%d image (forward): %,d (%.2f G)%n",
            inputSize,
            inputSize,
            multiplyAccumulates,
            multiplyAccumulates / 1e9));
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
