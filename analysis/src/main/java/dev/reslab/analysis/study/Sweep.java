package dev.reslab.analysis.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import dev.reslab.model.resnet.ResNetConfig;

/**
 * The variants of a width/depth sweep. A depth {@code d} gives every stage {@code d} blocks. Alone, each width is
 * tried at the base depths and each depth at the base width (one axis at a time, the base shared); as a grid, every
 * width with every depth. The unchanged base model is always the first variant, the one the others are compared
 * with.
 */
public final class Sweep {
  private Sweep() {}

  /** The default widths 0.875, 1, 1.125 (times the base's own factor) and depths 1, 2, 3. */
  public static final List<Double> DEFAULT_WIDTHS = List.of(0.875, 1.0, 1.125);
  public static final List<Integer> DEFAULT_DEPTHS = List.of(1, 2, 3);

  /**
   * @param base   the model swept; its width factor multiplies each of {@code widths} (so {@code --width 0.25}
   *               with widths 0.875, 1, 1.125 sweeps 0.21875, 0.25, 0.28125)
   * @param widths relative width factors (empty: the base width only)
   * @param depths blocks per stage (empty: the base depths only)
   * @param grid   every combination rather than one axis at a time
   */
  public static List<Variant> variants(ResNetConfig base, List<Double> widths, List<Integer> depths, boolean grid) {
    for (double w : widths) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("sweep widths must be positive numbers, got " + w);
      }
    }
    for (int d : depths) {
      if (d < 1) {
        throw new IllegalArgumentException("sweep depths must be at least 1 block per stage, got " + d);
      }
    }
    if (widths.isEmpty() && depths.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs widths, depths or both");
    }
    List<Variant> variants = new ArrayList<>();
    // the unchanged model first: it is the base every variant is compared with
    add(variants, base, 1.0, base.depths());
    List<Double> ws = widths.isEmpty() ? List.of(1.0) : widths;
    if (grid) {
      List<List<Integer>> ds = depths.isEmpty() ? List.of(base.depths())
          : depths.stream().map(d -> Collections.nCopies(base.depths().size(), d)).toList();
      for (List<Integer> d : ds) {
        for (double w : ws) {
          add(variants, base, w, d);
        }
      }
      return variants;
    }
    for (double w : ws) {
      add(variants, base, w, base.depths());
    }
    for (int d : depths) {
      add(variants, base, 1.0, Collections.nCopies(base.depths().size(), d));
    }
    return variants;
  }

  private static void add(List<Variant> variants, ResNetConfig base, double relativeWidth, List<Integer> depths) {
    ResNetConfig model = base.toBuilder().widthFactor(base.widthFactor() * relativeWidth).depths(depths).build();
    String name = name(relativeWidth, depths);
    if (variants.stream().noneMatch(v -> v.name().equals(name))) {
      variants.add(Variant.of(name, model));
    }
  }

  /** {@code w1-d2.2.2.2}: relative width and blocks per stage. */
  static String name(double relativeWidth, List<Integer> depths) {
    String w = String.format(Locale.ROOT, "%s", relativeWidth).replaceAll("\\.0$", "");
    return "w" + w + "-d" + String.join(".", depths.stream().map(String::valueOf).toList());
  }
}
