package dev.reslab.analysis.study;

import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.OptimizerConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variants of a width/depth sweep. A depth {@code d} gives every stage {@code d} blocks. Alone,
 * each width is tried at the base depths and each depth at the base width (one axis at a time, the
 * base shared); as a grid, every width with every depth. The unchanged base model is always the
 * first variant, the one the others are compared with.
 */
public final class Sweep {
  private Sweep() {}

  /** The default widths 0.875, 1, 1.125 (times the base's own factor) and depths 1, 2, 3. */
  public static final List<Double> DEFAULT_WIDTHS = List.of(0.875, 1.0, 1.125);

  public static final List<Integer> DEFAULT_DEPTHS = List.of(1, 2, 3);

  /**
   * @param base the model swept; its width factor multiplies each of {@code widths} (so {@code
   *     --width 0.25} with widths 0.875, 1, 1.125 sweeps 0.21875, 0.25, 0.28125)
   * @param widths relative width factors (empty: the base width only)
   * @param depths blocks per stage (empty: the base depths only)
   * @param grid every combination rather than one axis at a time
   */
  public static List<Variant> variants(
      ResNetConfig base, List<Double> widths, List<Integer> depths, boolean grid) {
    for (double w : widths) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("sweep widths must be positive numbers, got " + w);
      }
    }
    for (int d : depths) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "sweep depths must be at least 1 block per stage, got " + d);
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
      List<List<Integer>> ds =
          depths.isEmpty()
              ? List.of(base.depths())
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

  /**
   * The variants of a training-hyperparameter sweep: the same model trained with every combination
   * of learning rate, batch size and optimizer (an empty list keeps the study's own value). Named
   * after what varies ({@code lr0.01-bs16-adam}); the first combination is the base.
   */
  public static List<Variant> trainings(
      ResNetConfig model, List<Double> lrs, List<Integer> batchSizes, List<String> optimizers) {
    if (lrs.isEmpty() && batchSizes.isEmpty() && optimizers.isEmpty()) {
      throw new IllegalArgumentException(
          "a training sweep needs learning rates, batch sizes or optimizers");
    }
    for (double lr : lrs) {
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException("learning rates must be positive numbers, got " + lr);
      }
    }
    for (int b : batchSizes) {
      if (b < 1) {
        throw new IllegalArgumentException("batch sizes must be at least 1, got " + b);
      }
    }
    optimizers.forEach(OptimizerConfig.Type::parse);
    long parameters = ModelSummary.of(model).parameters();
    List<Variant> variants = new ArrayList<>();
    for (String lr : orNone(lrs.stream().map(Sweep::plain).toList())) {
      for (String batch : orNone(batchSizes.stream().map(String::valueOf).toList())) {
        for (String optimizer :
            orNone(optimizers.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList())) {
          Map<String, String> training = new LinkedHashMap<>();
          List<String> name = new ArrayList<>();
          if (lr != null) {
            training.put(SearchSpace.LR, lr);
            name.add("lr" + lr);
          }
          if (batch != null) {
            training.put(SearchSpace.BATCH, batch);
            name.add("bs" + batch);
          }
          if (optimizer != null) {
            training.put(SearchSpace.OPTIMIZER, optimizer);
            name.add(optimizer);
          }
          String n = String.join("-", name);
          if (variants.stream().anyMatch(v -> v.name().equals(n))) {
            throw new IllegalArgumentException(n + " is listed twice");
          }
          variants.add(new Variant(n, model, parameters, training));
        }
      }
    }
    return variants;
  }

  private static List<String> orNone(List<String> values) {
    return values.isEmpty() ? Arrays.asList((String) null) : values;
  }

  private static String plain(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static void add(
      List<Variant> variants, ResNetConfig base, double relativeWidth, List<Integer> depths) {
    ResNetConfig model =
        base.toBuilder().widthFactor(base.widthFactor() * relativeWidth).depths(depths).build();
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
