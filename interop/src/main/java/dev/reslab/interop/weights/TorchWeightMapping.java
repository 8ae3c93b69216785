package dev.reslab.interop.weights;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchTensor;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a PyTorch state dict to a model's variables. reslab's layer names are torchvision's, so
 * {@code <layer>/<role>} corresponds to {@code <layer>.<param>}: kernel → weight (conv OIHW → HWIO,
 * linear [out, in] → [in, out]), bias → bias, BatchNorm gamma/beta/moving_mean/moving_variance →
 * weight/bias/running_mean/ running_var. He et al.'s CIFAR checkpoints name the head {@code linear}
 * instead of {@code fc}; their option-A shortcuts have no weights. {@code num_batches_tracked}
 * counters are ignored.
 */
public final class TorchWeightMapping {
  private static final String HEAD = "fc";
  private static final int LISTED = 10;
  private static final Pattern BLOCK = Pattern.compile("layer(\\d+)\\.(\\d+)\\..*");

  private TorchWeightMapping() {}

  /** The torch name and shape a model variable expects. */
  record Expected(ModelVariable variable, String torchName, long[] torchShape) {}

  /**
   * Values for {@code variables} (a model's, after it was applied to a graph) taken from {@code
   * stateDict}; a missing, unexpected or wrongly shaped tensor is one {@link ReslabException}
   * listing all their names.
   */
  public static VariableValues map(
      StateDict stateDict, List<ModelVariable> variables, ImportOptions options) {
    return map(stateDict, variables, options, name -> false);
  }

  /**
   * As {@link #map(StateDict, List, ImportOptions)} for a ResNet, whose removed blocks (ablations)
   * ignore their tensors in the file: a full network's weights import into any of its ablated
   * versions. A removed block's projection shortcut ({@code downsample}) stays in the model and is
   * imported.
   */
  public static VariableValues map(StateDict stateDict, ResNet model, ImportOptions options) {
    ResNetConfig config = model.config();
    List<String> removed = new ArrayList<>();
    for (int stage = 1; stage <= config.depths().size(); stage++) {
      for (int block = 0; block < config.depths().get(stage - 1); block++) {
        if (config.mask().removes(stage, block)) {
          removed.add("layer" + stage + "." + block + ".");
        }
      }
    }
    return map(
        stateDict,
        model.variables(),
        options,
        name ->
            removed.stream()
                .anyMatch(
                    prefix -> name.startsWith(prefix) && !name.startsWith(prefix + "downsample.")));
  }

  private static VariableValues map(
      StateDict stateDict,
      List<ModelVariable> variables,
      ImportOptions options,
      Predicate<String> ignored) {
    if (variables.isEmpty()) {
      throw new IllegalStateException(
          "the model has no variables yet: apply it to a graph before importing weights");
    }
    String head = headName(stateDict);
    Map<String, FloatArray> values = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> wrongShape = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (ModelVariable v : variables) {
      Expected e = expected(v, head);
      if (options.skips(v.layer())) {
        skipped.add(v.name());
        used.add(e.torchName());
        continue;
      }
      if (!stateDict.contains(e.torchName())) {
        missing.add(e.torchName() + " " + shape(e.torchShape()));
        continue;
      }
      used.add(e.torchName());
      TorchTensor t = stateDict.get(e.torchName());
      if (!Arrays.equals(t.shape(), e.torchShape()) || !t.isFloatingPoint()) {
        wrongShape.add(
            e.torchName()
                + " "
                + t.dtype()
                + shape(t.shape())
                + " (model "
                + shape(e.torchShape())
                + ")");
        continue;
      }
      values.put(v.name(), toTensorFlowLayout(t.values()));
    }
    List<String> unexpected =
        stateDict.names().stream()
            .filter(
                n -> !used.contains(n) && !n.endsWith(".num_batches_tracked") && !ignored.test(n))
            .filter(n -> !(options.allowMissingHead() && n.startsWith(head + ".")))
            .filter(n -> !reinitialised(n, head, options))
            .toList();
    if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
      throw new ReslabException(
          "state dict "
              + stateDict.source()
              + " does not fit the model ("
              + variables.size()
              + " variables, "
              + stateDict.size()
              + " tensors in the file): "
              + String.join("; ", parts(missing, unexpected, wrongShape))
              + (options.skips(HEAD) ? "" : hint(missing, unexpected, wrongShape))
              + "; the file has "
              + describe(stateDict, head));
    }
    return new VariableValues(values, skipped);
  }

  /**
   * Whether the file's tensor {@code name} belongs to a layer the options re-initialise (the head
   * under either name).
   */
  private static boolean reinitialised(String name, String head, ImportOptions options) {
    String layer = name.substring(0, Math.max(0, name.lastIndexOf('.')));
    if (layer.equals(head)) {
      layer = HEAD;
    }
    return options.skips(layer);
  }

  /**
   * {@code fc}, unless the file names its head {@code linear} (He et al.'s CIFAR ResNets) and has
   * no {@code fc}.
   */
  private static String headName(StateDict sd) {
    boolean fc = sd.names().stream().anyMatch(n -> n.startsWith("fc."));
    boolean linear = sd.names().stream().anyMatch(n -> n.startsWith("linear."));
    return linear && !fc ? "linear" : HEAD;
  }

  static Expected expected(ModelVariable v, String head) {
    String layer = v.layer().equals(HEAD) ? head : v.layer();
    long[] shape = v.shape().asArray();
    String param;
    long[] torchShape = shape;
    switch (v.role()) {
      case "kernel" -> {
        param = "weight";
        if (shape.length == 4) {
          torchShape = new long[] {shape[3], shape[2], shape[0], shape[1]}; // HWIO → OIHW
        } else if (shape.length == 2) {
          torchShape = new long[] {shape[1], shape[0]}; // [in, out] → [out, in]
        }
      }
      case "gamma" -> param = "weight";
      case "beta", "bias" -> param = "bias";
      case "moving_mean" -> param = "running_mean";
      case "moving_variance" -> param = "running_var";
      default ->
          throw new ReslabException(
              "variable "
                  + v.name()
                  + " has role '"
                  + v.role()
                  + "', which has no PyTorch counterpart");
    }
    return new Expected(v, layer + "." + param, torchShape);
  }

  /** PyTorch → TensorFlow layout: OIHW → HWIO, [out, in] → [in, out]; vectors unchanged. */
  static FloatArray toTensorFlowLayout(FloatArray torch) {
    return switch (torch.rank()) {
      case 4 -> torch.transpose(2, 3, 1, 0);
      case 2 -> torch.transpose(1, 0);
      default -> torch;
    };
  }

  private static List<String> parts(
      List<String> missing, List<String> unexpected, List<String> wrongShape) {
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add(missing.size() + " missing: " + list(missing));
    }
    if (!unexpected.isEmpty()) {
      parts.add(unexpected.size() + " unexpected: " + list(unexpected));
    }
    if (!wrongShape.isEmpty()) {
      parts.add(wrongShape.size() + " wrongly shaped: " + list(wrongShape));
    }
    return parts;
  }

  private static String list(List<String> names) {
    if (names.size() <= LISTED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, LISTED))
        + " and "
        + (names.size() - LISTED)
        + " more";
  }

  /** A shape as {@code [64,3,7,7]}, compact so lists of shapes stay readable. */
  private static String shape(long[] dims) {
    return Arrays.toString(dims).replace(" ", "");
  }

  /** The preset whose blocks per stage and stem width the file's names and shapes show, if any. */
  public static Optional<ResNetPreset> matchingPreset(StateDict sd) {
    List<Integer> depths = List.copyOf(blocksPerStage(sd).values());
    if (!sd.contains("conv1.weight") || sd.get("conv1.weight").shape().length != 4) {
      return Optional.empty();
    }
    long stemWidth = sd.get("conv1.weight").shape()[0];
    return Arrays.stream(ResNetPreset.values())
        .filter(p -> p.config().depths().equals(depths) && p.config().widths().get(0) == stemWidth)
        .findFirst();
  }

  private static Map<Integer, Integer> blocksPerStage(StateDict sd) {
    Map<Integer, Integer> blocks = new TreeMap<>();
    for (String name : sd.names()) {
      Matcher m = BLOCK.matcher(name);
      if (m.matches()) {
        blocks.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, Math::max);
      }
    }
    return blocks;
  }

  /**
   * What the file's names and shapes say about its architecture, for messages: blocks per stage,
   * the preset they match, stem, classes, shortcuts.
   */
  public static String describe(StateDict sd) {
    return describe(sd, sd.contains("linear.weight") ? "linear" : "fc");
  }

  /**
   * What the file's names and shapes say about its architecture: blocks per stage, stem, classes.
   */
  static String describe(StateDict sd, String head) {
    Map<Integer, Integer> blocks = blocksPerStage(sd);
    StringBuilder b = new StringBuilder("blocks per stage ").append(blocks.values());
    matchingPreset(sd).ifPresent(p -> b.append(" (preset ").append(p).append(')'));
    if (sd.contains("conv1.weight")) {
      long[] k = sd.get("conv1.weight").shape();
      if (k.length == 4) {
        b.append(", a ")
            .append(k[2])
            .append("x")
            .append(k[3])
            .append(" stem conv of ")
            .append(k[0])
            .append(" channels");
      }
    }
    if (sd.contains(head + ".weight")) {
      b.append(", ").append(sd.get(head + ".weight").shape()[0]).append(" classes");
    }
    b.append(
        blocks.keySet().stream().anyMatch(s -> sd.contains("layer" + s + ".0.downsample.0.weight"))
            ? ", projection shortcuts"
            : ", no projection shortcuts");
    return b.toString();
  }

  /** The two usual mistakes: the wrong architecture, or a head for another number of classes. */
  private static String hint(
      List<String> missing, List<String> unexpected, List<String> wrongShape) {
    boolean onlyHead =
        missing.isEmpty()
            && unexpected.isEmpty()
            && wrongShape.stream().allMatch(s -> s.startsWith("fc.") || s.startsWith("linear."));
    if (onlyHead) {
      return " (only the head differs: choose the file's number of classes, or skip the head with allowMissingHead)";
    }
    return " (is the checkpoint for another architecture or preset?)";
  }
}
