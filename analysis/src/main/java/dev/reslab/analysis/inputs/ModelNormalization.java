package dev.reslab.analysis.inputs;

import dev.reslab.data.Normalization;
import dev.reslab.model.run.RunDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The input normalisation a model expects: what its run recorded ({@code data.normalization} in
 * {@code config.json}, written by training and by PyTorch imports), or a name given on the command line.
 */
public final class ModelNormalization {
  private ModelNormalization() {
  }

  /** What the run of {@code checkpoint} recorded, if anything. */
  public static Optional<Normalization> recorded(RunDirectory.Checkpoint checkpoint) {
    if (checkpoint == null) {
      return Optional.empty();
    }
    Object n = checkpoint.run().readConfig().data().get("normalization");
    if (!(n instanceof Map<?, ?> map) || !(map.get("mean") instanceof List<?> mean)
        || !(map.get("std") instanceof List<?> std)) {
      return Optional.empty();
    }
    return Optional.of(new Normalization(floats(mean), floats(std)));
  }

  /** {@code imagenet}, {@code cifar10}, {@code half} ([−1, 1]) or {@code none} ([0, 1]). */
  public static Normalization parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
      case "imagenet" -> Normalization.IMAGENET;
      case "cifar10", "cifar" -> Normalization.CIFAR10;
      case "half" -> Normalization.HALF;
      case "none" -> Normalization.NONE;
      default -> throw new IllegalArgumentException("unknown normalisation '" + name
          + "'; expected imagenet, cifar10, half or none");
    };
  }

  private static float[] floats(List<?> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).floatValue();
    }
    return out;
  }
}
