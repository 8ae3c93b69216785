package dev.reslab.model.resnet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a block's shortcut changes shape when the block changes resolution or width. */
public enum Shortcut {
  /** 1×1 convolution with the block's stride, then BatchNorm (torchvision's {@code downsample}). */
  PROJECTION,
  /**
   * "Option A" of He et al. (2016): take every stride-th pixel and zero-pad the new channels
   * equally on both sides. No parameters; used by the CIFAR ResNet-20/32/44/56.
   */
  ZERO_PAD;

  @JsonCreator
  public static Shortcut parse(String text) {
    return EnumText.parse(Shortcut.class, text.replace('-', '_'), "shortcut");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
