package dev.reslab.model.resnet;

import dev.reslab.model.layers.BatchNormalization;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Conv2D;
import dev.reslab.model.layers.Dense;
import dev.reslab.model.layers.GlobalAveragePooling2D;
import dev.reslab.model.layers.Layer;
import dev.reslab.model.layers.LayerChain;
import dev.reslab.model.layers.MaxPool2D;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.layers.Padding;
import dev.reslab.model.layers.ReLU;
import dev.reslab.model.layers.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A ResNet of {@link BasicBlock}s built from a {@link ResNetConfig}, as torchvision builds {@code
 * resnet18}: a stem, stages {@code layer1…layerN} of residual blocks, global average pooling and a
 * dense head {@code fc}.
 *
 * <pre>{@code
 * ResNet model = ResNet.build(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000));
 * ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
 * Operand<TFloat32> layer4 = pass.output("layer4");
 * }</pre>
 *
 * <p>Every convolution pads symmetrically as PyTorch does (see {@link Padding}), so torchvision
 * weights give torchvision's outputs. Removed blocks follow {@link BlockMask}. A model is tied to
 * the graph of its first {@link #apply}; call it again in that graph (e.g. a training and an
 * inference pass) to share variables.
 */
public final class ResNet {
  private final ResNetConfig config;
  private final List<Layer> layers;
  private final List<FeatureInfo> features;

  private ResNet(ResNetConfig config, List<Layer> layers, List<FeatureInfo> features) {
    this.config = config;
    this.layers = List.copyOf(layers);
    this.features = List.copyOf(features);
  }

  /**
   * Builds the layer structure of {@code config} (variables are created by the first {@link
   * #apply}).
   */
  public static ResNet build(ResNetConfig config) {
    long seed = config.seed();
    List<Layer> layers = new ArrayList<>();
    List<FeatureInfo> features = new ArrayList<>();
    int width = config.stemWidth();
    int reduction = 1;
    if (config.stem() == Stem.IMAGENET) {
      layers.add(
          Conv2D.builder("conv1", width)
              .kernel(7)
              .stride(2)
              .padding(Padding.symmetric(3))
              .seed(seed)
              .build());
      reduction *= 2;
    } else {
      layers.add(
          Conv2D.builder("conv1", width)
              .kernel(3)
              .stride(1)
              .padding(Padding.symmetric(1))
              .seed(seed)
              .build());
    }
    layers.add(new BatchNormalization("bn1"));
    layers.add(new ReLU("relu"));
    features.add(new FeatureInfo("relu", 0, width, reduction));
    if (config.stem() == Stem.IMAGENET) {
      layers.add(new MaxPool2D("maxpool", 3, 2, Padding.symmetric(1)));
      reduction *= 2;
    }
    int in = width;
    for (int stage = 1; stage <= config.depths().size(); stage++) {
      int out = config.stageWidth(stage);
      List<Layer> blocks = new ArrayList<>();
      for (int b = 0; b < config.depths().get(stage - 1); b++) {
        int stride = (b == 0 && stage > 1) ? 2 : 1;
        blocks.add(block(config, stage, b, in, out, stride));
        reduction *= stride;
        in = out;
      }
      layers.add(new Sequential("layer" + stage, blocks));
      features.add(new FeatureInfo("layer" + stage, stage, in, reduction));
    }
    layers.add(new GlobalAveragePooling2D("avgpool"));
    layers.add(new Dense("fc", config.classes(), seed));
    return new ResNet(config, layers, features);
  }

  /** A {@link BasicBlock}, or what is left of it when the mask removes it. */
  private static Layer block(
      ResNetConfig config, int stage, int index, int in, int out, int stride) {
    String name = "layer" + stage + "." + index;
    Layer shortcut = (stride != 1 || in != out) ? shortcut(config, name, out, stride) : null;
    if (config.mask().removes(stage, index)) {
      return new RemovedBlock(name, shortcut);
    }
    return new BasicBlock(name, out, stride, shortcut, config.seed());
  }

  private static Layer shortcut(ResNetConfig config, String block, int out, int stride) {
    if (config.shortcut() == Shortcut.ZERO_PAD) {
      return new ZeroPadShortcut(block + ".shortcut", out, stride);
    }
    return new Sequential(
        block + ".downsample",
        List.of(
            Conv2D.builder(block + ".downsample.0", out)
                .kernel(1)
                .stride(stride)
                .padding(Padding.VALID)
                .seed(config.seed())
                .build(),
            new BatchNormalization(block + ".downsample.1")));
  }

  public ResNetConfig config() {
    return config;
  }

  /** The top-level layers in order: stem, stages, {@code avgpool}, {@code fc}. */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The feature maps this network offers, in call order: the stem ({@code relu}) and each stage
   * ({@code layer1} …), with their channels and reduction, recorded while the network was built (a
   * removed stage is still listed: its shortcut path keeps the stage's width and stride).
   */
  public List<FeatureInfo> featureInfo() {
    return features;
  }

  /** Every layer, containers before their children, in call order. */
  public List<Layer> allLayers() {
    List<Layer> all = new ArrayList<>();
    for (Layer layer : layers) {
      collect(layer, all);
    }
    return all;
  }

  private static void collect(Layer layer, List<Layer> into) {
    into.add(layer);
    for (Layer child : layer.children()) {
      collect(child, into);
    }
  }

  /** Names of every layer whose output a {@link ForwardPass} offers. */
  public List<String> layerNames() {
    return allLayers().stream().map(Layer::name).toList();
  }

  /** The layer with this name; an unknown name is an error listing the valid names. */
  public Layer layer(String name) {
    return allLayers().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown layer '"
                        + name
                        + "'; valid layers are "
                        + String.join(", ", layerNames())));
  }

  /**
   * Runs the network on NHWC float images. The first call creates the variables in {@code ctx}'s
   * graph; later calls reuse them.
   */
  public ForwardPass apply(Ops tf, Operand<TFloat32> images, CallContext ctx) {
    if (images.shape().numDimensions() != 4
        || (images.shape().size(3) != 3 && images.shape().size(3) != -1)) {
      throw new IllegalArgumentException(
          "ResNet input must be [batch, height, width, 3] images, got shape " + images.shape());
    }
    Operand<TFloat32> x = LayerChain.apply(tf, layers, images, ctx);
    Operand<TFloat32> probabilities =
        config.head() == Head.SOFTMAX
            ? tf.withName("probabilities").nn.softmax(x)
            : tf.withName("probabilities").math.sigmoid(x);
    return new ForwardPass(x, probabilities, ctx.outputs(), ctx.updates());
  }

  /** All variables, trainable or not; empty before the first {@link #apply}. */
  public List<ModelVariable> variables() {
    List<ModelVariable> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.variables());
    }
    return all;
  }

  /** The variables an optimizer may change, less those of layers matched by {@code frozen}. */
  public List<ModelVariable> trainableVariables(Predicate<String> frozen) {
    return variables().stream().filter(v -> v.trainable() && !frozen.test(v.layer())).toList();
  }

  /**
   * Trainable parameters (BatchNorm moving statistics excluded); the model must have been applied.
   */
  public long parameterCount() {
    if (!layers.get(0).isBuilt()) {
      throw new IllegalStateException("the model has no variables yet: apply it to a graph first");
    }
    return layers.stream().mapToLong(Layer::parameterCount).sum();
  }
}
