package dev.reslab.analysis.study;

import dev.reslab.model.resnet.BlockMask;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.ArrayList;
import java.util.List;

/** The variants of an ablation: the base model, then one variant per removed block or stage. */
public final class Ablation {
  private Ablation() {}

  /** Stages {@code layer1} … {@code layerN} of the base model. */
  public static List<String> stages(ResNetConfig base) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= base.depths().size(); i++) {
      names.add("layer" + i);
    }
    return names;
  }

  /**
   * {@code base}, then {@code base} without each entry of {@code removals} (a block {@code
   * layer3.1}, a stage {@code layer3}, or several joined by '+', {@code layer3+layer4}); the base's
   * own removals are kept.
   */
  public static List<Variant> variants(ResNetConfig base, List<String> removals) {
    if (removals.isEmpty()) {
      throw new IllegalArgumentException("an ablation needs at least one block or stage to remove");
    }
    List<Variant> variants = new ArrayList<>();
    variants.add(Variant.of("base", base));
    for (String removal : removals) {
      List<String> names = new ArrayList<>(base.removed());
      for (String part : removal.split("\\+")) {
        if (base.removed().contains(part.trim())) {
          throw new IllegalArgumentException(
              part.trim() + " is already removed from the base model");
        }
        names.add(part.trim());
      }
      ResNetConfig model =
          base.toBuilder().remove(BlockMask.of(names.toArray(String[]::new))).build();
      String name = "-" + removal.replace(" ", "");
      if (variants.stream().anyMatch(v -> v.name().equals(name))) {
        throw new IllegalArgumentException(removal + " is listed twice");
      }
      variants.add(Variant.of(name, model));
    }
    return variants;
  }
}
