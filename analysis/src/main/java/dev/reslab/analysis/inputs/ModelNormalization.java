package dev.reslab.analysis.inputs;

import dev.reslab.data.DataSpec;
import dev.reslab.data.Normalization;
import dev.reslab.model.run.RunDirectory;
import java.util.Locale;
import java.util.Optional;

/**
 * The input normalisation a model expects: what its run recorded ({@code data.normalization} in
 * {@code config.json}, written by training and by PyTorch imports), or a name given on the command
 * line.
 */
public final class ModelNormalization {
  private ModelNormalization() {}

  /** What the run of {@code checkpoint} recorded, if anything. */
  public static Optional<Normalization> recorded(RunDirectory.Checkpoint checkpoint) {
    if (checkpoint == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        DataSpec.recordedNormalization(checkpoint.run().readConfig().data()));
  }

  /** {@code imagenet}, {@code cifar10}, {@code half} ([−1, 1]) or {@code none} ([0, 1]). */
  public static Normalization parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
      case "imagenet" -> Normalization.IMAGENET;
      case "cifar10", "cifar" -> Normalization.CIFAR10;
      case "half" -> Normalization.HALF;
      case "none" -> Normalization.NONE;
      default ->
          throw new IllegalArgumentException(
              "unknown normalisation '" + name + "'; expected imagenet, cifar10, half or none");
    };
  }

  /**
   * The name {@link #parse} takes for {@code n}, or {@code custom} for statistics of another data
   * set.
   */
  public static String name(Normalization n) {
    if (n.equals(Normalization.IMAGENET)) {
      return "imagenet";
    } else if (n.equals(Normalization.CIFAR10)) {
      return "cifar10";
    } else if (n.equals(Normalization.HALF)) {
      return "half";
    } else if (n.equals(Normalization.NONE)) {
      return "none";
    }
    return "custom";
  }
}
