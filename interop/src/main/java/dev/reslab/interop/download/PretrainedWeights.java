package dev.reslab.interop.download;

import dev.reslab.ReslabException;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Published weights reslab knows how to fetch.
 *
 * @param name what users type, e.g. {@code resnet18}
 * @param url where the publisher serves the file
 * @param hashPrefix the leading hex digits of the file's SHA-256 as published (torchvision puts the
 *     first 8 in the file name and checks only those)
 * @param config the reslab model the weights belong to
 */
public record PretrainedWeights(String name, URI url, String hashPrefix, ResNetConfig config) {

  /** torchvision's {@code ResNet18_Weights.IMAGENET1K_V1} (69.758 % top-1 on ImageNet). */
  public static final PretrainedWeights TORCHVISION_RESNET18 =
      new PretrainedWeights(
          "resnet18",
          URI.create("https://download.pytorch.org/models/resnet18-f37072fd.pth"),
          "f37072fd",
          ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000));

  public static final List<PretrainedWeights> TORCHVISION = List.of(TORCHVISION_RESNET18);

  public PretrainedWeights {
    hashPrefix = hashPrefix.toLowerCase(Locale.ROOT);
    if (hashPrefix.isEmpty()
        || hashPrefix.length() > 64
        || !hashPrefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "hash prefix must be 1 to 64 hex digits, got '" + hashPrefix + "'");
    }
  }

  /**
   * The torchvision weights called {@code name}; an unknown name is an error listing the known
   * ones.
   */
  public static PretrainedWeights torchvision(String name) {
    return TORCHVISION.stream()
        .filter(w -> w.name().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new ReslabException(
                    "no torchvision weights named '"
                        + name
                        + "'; known: "
                        + String.join(
                            ", ", TORCHVISION.stream().map(PretrainedWeights::name).toList())));
  }

  /** The file name in the URL, e.g. {@code resnet18-f37072fd.pth}. */
  public String fileName() {
    String path = url.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
