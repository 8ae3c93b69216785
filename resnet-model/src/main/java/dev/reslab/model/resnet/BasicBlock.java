package dev.reslab.model.resnet;

import dev.reslab.model.layers.BatchNormalization;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Conv2D;
import dev.reslab.model.layers.Layer;
import dev.reslab.model.layers.LayerChain;
import dev.reslab.model.layers.Padding;
import dev.reslab.model.layers.ReLU;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * torchvision's {@code BasicBlock}: two 3×3 convolutions with BatchNorm, the shortcut added, then
 * ReLU. The first convolution carries the stride. Its output, recorded under the block's name
 * ({@code layer2.0}), is the value after the final ReLU. A deeper block (a bottleneck) would be a
 * sibling class with the same shape.
 */
public final class BasicBlock extends Layer {
  private final Conv2D conv1;
  private final BatchNormalization bn1;
  private final ReLU relu;
  private final Conv2D conv2;
  private final BatchNormalization bn2;
  private final Layer shortcut;

  /**
   * A block named {@code name} (its layers are {@code name.conv1} … {@code name.bn2}) producing
   * {@code out} channels.
   *
   * @param shortcut the projection or zero-pad shortcut, or null for the identity
   */
  public BasicBlock(String name, int out, int stride, Layer shortcut, long seed) {
    super(name);
    conv1 =
        Conv2D.builder(name + ".conv1", out)
            .kernel(3)
            .stride(stride)
            .padding(Padding.symmetric(1))
            .seed(seed)
            .build();
    bn1 = new BatchNormalization(name + ".bn1");
    relu = new ReLU(name + ".relu");
    conv2 =
        Conv2D.builder(name + ".conv2", out)
            .kernel(3)
            .stride(1)
            .padding(Padding.symmetric(1))
            .seed(seed)
            .build();
    bn2 = new BatchNormalization(name + ".bn2");
    this.shortcut = shortcut;
  }

  @Override
  public List<Layer> children() {
    List<Layer> all = new ArrayList<>(List.of(conv1, bn1, relu, conv2, bn2));
    if (shortcut != null) {
      all.add(shortcut);
    }
    return all;
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> x, CallContext ctx) {
    Ops root =
        ctx.root(); // children name their own scopes: layer1.0.conv1, not layer1.0/layer1.0.conv1
    Operand<TFloat32> out = LayerChain.apply(root, List.of(conv1, bn1, relu, conv2, bn2), x, ctx);
    Operand<TFloat32> identity = shortcut == null ? x : shortcut.call(root, x, ctx);
    return tf.nn.relu(tf.withName("add").math.add(out, identity));
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    Shape out = inputShape;
    for (Layer layer : List.of(conv1, bn1, relu, conv2, bn2)) {
      out = layer.traceShapes(out, trace);
    }
    Shape identity = shortcut == null ? inputShape : shortcut.traceShapes(inputShape, trace);
    // Shape.equals never matches unknown (batch) sizes.
    if (!Arrays.equals(out.asArray(), identity.asArray())) {
      throw new IllegalArgumentException(
          "block '"
              + name()
              + "': the main path gives "
              + out
              + " but the shortcut gives "
              + identity);
    }
    return out;
  }
}
