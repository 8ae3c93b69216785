package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores a saliency map by deletion (Petsiuk et al. 2018): pixels are replaced by a baseline in the
 * map's order, highest first, and the target's probability is followed. All deletion steps of one
 * image are evaluated in one session run. Maps can then be compared by number: Grad-CAM of one
 * layer against another, against Grad-CAM++, or against occlusion.
 */
public final class Faithfulness {
  private final ExplainableModel model;
  private final Baseline baseline;
  private final int steps;

  /**
   * @param baseline what deleted pixels become
   * @param steps deletion steps: fractions 0, 1/steps, …, 1
   */
  public Faithfulness(ExplainableModel model, Baseline baseline, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("deletion needs at least 1 step, got " + steps);
    }
    this.model = model;
    this.baseline = baseline;
    this.steps = steps;
  }

  /**
   * The score of {@code map} (H × W, any scale) for image {@code n} of {@code images}.
   *
   * @param topFraction fraction of pixels masked for the confidence drop, in (0, 1]
   */
  public FaithfulnessScore score(
      ImageBatch images, int n, float[] map, Target.Resolved target, double topFraction) {
    if (!(topFraction > 0 && topFraction <= 1)) {
      throw new IllegalArgumentException(
          "the masked top fraction must be in (0, 1], got " + topFraction);
    }
    int h = images.height();
    int w = images.width();
    int c = images.channels();
    if (map.length != h * w) {
      throw new IllegalArgumentException(
          "map has " + map.length + " values for a " + h + "x" + w + " image");
    }
    int[] order = deletionOrder(map);
    float[] image = images.image(n);
    float[] base = baseline.of(images, n, w / 16.0);
    double[] fractions = new double[steps + 2];
    for (int s = 0; s <= steps; s++) {
      fractions[s] = (double) s / steps;
    }
    fractions[steps + 1] = topFraction;
    int size = image.length;
    float[] copies = new float[fractions.length * size];
    for (int s = 0; s < fractions.length; s++) {
      System.arraycopy(image, 0, copies, s * size, size);
      int deleted = (int) Math.round(fractions[s] * h * w);
      for (int j = 0; j < deleted; j++) {
        int p = order[j];
        System.arraycopy(base, p * c, copies, s * size + p * c, c);
      }
    }
    float[] p = model.probabilities(new ImageBatch(copies, fractions.length, h, w, c));
    int k = model.outputs();
    double[] curve = new double[steps + 1];
    for (int s = 0; s <= steps; s++) {
      curve[s] = target.probability(p, s, k);
    }
    double auc = 0;
    for (int s = 0; s < steps; s++) {
      auc += (curve[s] + curve[s + 1]) / 2 / steps;
    }
    double drop = curve[0] - target.probability(p, steps + 1, k);
    return new FaithfulnessScore(
        Arrays.copyOf(fractions, steps + 1), curve, auc, topFraction, drop);
  }

  /**
   * The order pixels are deleted in: highest value first; equal values in a fixed scrambled order.
   * Grad-CAM maps of early layers are often half zeros after the ReLU (more in bf16, whose maps
   * take fewer distinct values): deleting those top row first, as pixel order would, scored where
   * the object sits rather than the map. Scrambled, the tied part deletes like random deletion, the
   * usual reference, and the score stays deterministic.
   */
  static int[] deletionOrder(float[] map) {
    Integer[] order = IntStream.range(0, map.length).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> -map[i])
            .thenComparingInt(i -> Integer.reverse(i * 0x9E3779B9)));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /** The scores of one layer's maps in a Grad-CAM result, one per image. */
  public List<FaithfulnessScore> score(GradCamResult result, int layer, double topFraction) {
    List<FaithfulnessScore> scores = new ArrayList<>();
    for (int i = 0; i < result.images().batch(); i++) {
      scores.add(
          score(result.images(), i, result.map(layer, i), result.targets().get(i), topFraction));
    }
    return scores;
  }
}
