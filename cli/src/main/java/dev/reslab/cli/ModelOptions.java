package dev.reslab.cli;

import dev.reslab.model.resnet.BlockMask;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Shortcut;
import dev.reslab.model.resnet.Stem;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The model flags shared by every command that builds a model; they override the preset or the JSON
 * file.
 */
public final class ModelOptions {

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "resnet18, resnet20, resnet32, resnet44 or resnet56 (default: ${DEFAULT-VALUE})",
      defaultValue = "resnet18")
  String preset;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "model configuration as JSON, or a run's config.json (its model)")
  Path configFile;

  @Option(
      names = "--stem",
      paramLabel = "STEM",
      description = "cifar (3x3/1) or imagenet (7x7/2 + max-pool)")
  String stem;

  @Option(names = "--classes", paramLabel = "N", description = "number of classes or labels")
  Integer classes;

  @Option(
      names = "--width-factor",
      paramLabel = "FACTOR",
      description = "every stage's channels times this, e.g. 0.875 or 1.125")
  Double width;

  @Option(names = "--width", hidden = true)
  void oldWidth(double factor) {
    OldSpelling.used("--width", "--width-factor");
    width = factor;
  }

  @Option(
      names = "--depths",
      paramLabel = "D,D,..",
      split = ",",
      description = "blocks per stage, e.g. 2,2,2,2")
  List<Integer> depths;

  @Option(
      names = "--stage-widths",
      paramLabel = "W,W,..",
      split = ",",
      description = "base channels per stage, e.g. 64,128,256,512")
  List<Integer> widths;

  @Option(names = "--widths", hidden = true, split = ",")
  void oldWidths(List<Integer> channels) {
    OldSpelling.used("--widths", "--stage-widths");
    widths = channels;
  }

  @Option(
      names = "--remove",
      paramLabel = "NAMES",
      description =
          "blocks or stages to remove, e.g. layer3 or layer3.1,layer4 (each keeps its shortcut path)")
  String remove;

  @Option(
      names = "--head",
      paramLabel = "HEAD",
      description = "softmax (classes) or sigmoid (independent labels)")
  String head;

  @Option(names = "--shortcut", paramLabel = "TYPE", description = "projection or zero-pad")
  String shortcut;

  @Option(names = "--model-seed", paramLabel = "SEED", description = "seed of the initial weights")
  Long seed;

  /**
   * Whether the user chose the head (classes, head type or a config file); otherwise it is fitted
   * to the data.
   */
  public boolean headGiven() {
    return classes != null || head != null || configFile != null;
  }

  /**
   * Whether the user chose the architecture (a preset, a config file, depths or widths); otherwise
   * a weights file may show it.
   */
  public boolean architectureGiven(picocli.CommandLine.ParseResult parsed) {
    return parsed.hasMatchedOption("--preset")
        || configFile != null
        || depths != null
        || widths != null;
  }

  /** The configuration these flags describe. */
  public ResNetConfig toConfig() {
    return over(
        configFile != null
            ? ResNetConfig.fromJson(configFile)
            : ResNetPreset.parse(preset).config());
  }

  /**
   * {@code base} (the architecture a weights file shows, say) with what these flags set besides the
   * preset and the configuration file.
   */
  public ResNetConfig over(ResNetConfig base) {
    ResNetConfig.Builder b = base.toBuilder();
    if (stem != null) {
      b.stem(Stem.parse(stem));
    }
    if (classes != null) {
      b.classes(classes);
    }
    if (width != null) {
      b.widthFactor(width);
    }
    if (depths != null) {
      b.depths(depths);
    }
    if (widths != null) {
      b.widths(widths);
    }
    if (remove != null) {
      b.remove(BlockMask.parse(remove));
    }
    if (head != null) {
      b.head(Head.parse(head));
    }
    if (shortcut != null) {
      b.shortcut(Shortcut.parse(shortcut));
    }
    if (seed != null) {
      b.seed(seed);
    }
    return b.build();
  }
}
