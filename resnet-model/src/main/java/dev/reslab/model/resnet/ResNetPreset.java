package dev.reslab.model.resnet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * Named members of the family. ResNet-18 follows torchvision (basic blocks 2,2,2,2 of 64–512
 * channels, projection shortcuts); ResNet-20/32/44/56 are the CIFAR networks of He et al. (2016): 3
 * stages of n = 3/5/7/9 blocks of 16, 32 and 64 channels with option-A (zero-pad) shortcuts.
 */
public enum ResNetPreset {
  RESNET18(List.of(2, 2, 2, 2), List.of(64, 128, 256, 512), Shortcut.PROJECTION),
  RESNET20(List.of(3, 3, 3), List.of(16, 32, 64), Shortcut.ZERO_PAD),
  RESNET32(List.of(5, 5, 5), List.of(16, 32, 64), Shortcut.ZERO_PAD),
  RESNET44(List.of(7, 7, 7), List.of(16, 32, 64), Shortcut.ZERO_PAD),
  RESNET56(List.of(9, 9, 9), List.of(16, 32, 64), Shortcut.ZERO_PAD);

  private final List<Integer> depths;
  private final List<Integer> widths;
  private final Shortcut shortcut;

  ResNetPreset(List<Integer> depths, List<Integer> widths, Shortcut shortcut) {
    this.depths = depths;
    this.widths = widths;
    this.shortcut = shortcut;
  }

  /** The preset with a CIFAR stem and 10 classes. */
  public ResNetConfig config() {
    return new ResNetConfig(
        Stem.CIFAR, depths, widths, 1.0, List.of(), Head.SOFTMAX, 10, shortcut, 0);
  }

  /** The preset with the given stem and number of classes. */
  public ResNetConfig config(Stem stem, int classes) {
    return config().toBuilder().stem(stem).classes(classes).build();
  }

  @JsonCreator
  public static ResNetPreset parse(String text) {
    return EnumText.parse(ResNetPreset.class, text, "preset");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
