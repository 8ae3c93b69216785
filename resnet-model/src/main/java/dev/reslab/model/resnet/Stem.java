package dev.reslab.model.resnet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The layers before the first stage. */
public enum Stem {
  /** 3×3 convolution, stride 1, no max-pool: for 32×32 inputs such as CIFAR-10. */
  CIFAR,
  /** 7×7 convolution, stride 2, then 3×3 max-pool, stride 2: torchvision's ImageNet stem. */
  IMAGENET;

  /** The input size a summary or an export assumes when none is given. */
  public int defaultInputSize() {
    return this == CIFAR ? 32 : 224;
  }

  @JsonCreator
  public static Stem parse(String text) {
    return EnumText.parse(Stem.class, text, "stem");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
