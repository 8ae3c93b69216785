package dev.reslab.analysis.study;

import dev.reslab.model.training.OptimizerConfig;
import dev.reslab.model.training.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What {@code reslab tune} searches: learning rate on a log scale, batch size and optimizer among
 * choices, weight decay on a log scale (or fixed at 0).
 *
 * @param params the dimensions, by name
 */
public record SearchSpace(List<Param> params) {

  /** One dimension. */
  public sealed interface Param permits LogUniform, Choice {
    String name();

    /** A uniformly drawn value, as text. */
    String sample(Random rnd);
  }

  /** A positive number drawn uniformly in log space between {@code low} and {@code high}. */
  public record LogUniform(String name, double low, double high) implements Param {
    public LogUniform {
      if (!(low > 0) || !(high >= low) || Double.isInfinite(high)) {
        throw new IllegalArgumentException(
            name + " range must satisfy 0 < low <= high, got " + low + " to " + high);
      }
    }

    @Override
    public String sample(Random rnd) {
      return text(Math.exp(Math.log(low) + rnd.nextDouble() * (Math.log(high) - Math.log(low))));
    }

    static String text(double v) {
      return String.format(Locale.ROOT, "%.6g", v);
    }
  }

  /** One of a list of values. */
  public record Choice(String name, List<String> values) implements Param {
    public Choice {
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException(name + " needs at least one choice");
      }
      values = List.copyOf(values);
    }

    @Override
    public String sample(Random rnd) {
      return values.get(rnd.nextInt(values.size()));
    }
  }

  public static final String LR = "lr";
  public static final String BATCH = "batch_size";
  public static final String OPTIMIZER = "optimizer";
  public static final String WEIGHT_DECAY = "weight_decay";

  public SearchSpace {
    params = List.copyOf(params);
  }

  /**
   * The usual space.
   *
   * @param lr learning-rate range (log scale)
   * @param batchSizes batch sizes to choose from
   * @param optimizers {@code adam}, {@code sgd}
   * @param weightDecay weight-decay range (log scale), or null for none
   */
  public static SearchSpace of(
      double[] lr, List<Integer> batchSizes, List<String> optimizers, double[] weightDecay) {
    List<Param> p = new ArrayList<>();
    p.add(new LogUniform(LR, lr[0], lr[1]));
    for (int b : batchSizes) {
      if (b < 1) {
        throw new IllegalArgumentException("batch sizes must be at least 1, got " + b);
      }
    }
    p.add(new Choice(BATCH, batchSizes.stream().map(String::valueOf).toList()));
    optimizers.forEach(OptimizerConfig.Type::parse);
    p.add(
        new Choice(
            OPTIMIZER, optimizers.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).toList()));
    if (weightDecay != null) {
      p.add(new LogUniform(WEIGHT_DECAY, weightDecay[0], weightDecay[1]));
    }
    return new SearchSpace(p);
  }

  /** Every dimension drawn uniformly. */
  public Map<String, String> sample(Random rnd) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Param p : params) {
      values.put(p.name(), p.sample(rnd));
    }
    return values;
  }

  /** {@code base} with a trial's values (SGD takes momentum 0.9). */
  public static TrainingConfig apply(TrainingConfig base, Map<String, String> values) {
    double lr =
        Double.parseDouble(
            values.getOrDefault(LR, String.valueOf(base.optimizer().learningRate())));
    String opt = values.getOrDefault(OPTIMIZER, base.optimizer().type().toString());
    double wd =
        Double.parseDouble(
            values.getOrDefault(WEIGHT_DECAY, String.valueOf(base.optimizer().weightDecay())));
    OptimizerConfig o =
        (OptimizerConfig.Type.parse(opt) == OptimizerConfig.Type.SGD
                ? OptimizerConfig.sgd(lr, 0.9, false)
                : OptimizerConfig.adam(lr))
            .withWeightDecay(wd);
    int batch = Integer.parseInt(values.getOrDefault(BATCH, String.valueOf(base.batchSize())));
    return base.toBuilder().batchSize(batch).optimizer(o).build();
  }

  /** The space as text, stored with a study so a resumed study must search the same space. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Param p : params) {
      parts.add(
          p instanceof LogUniform l
              ? String.format(
                  Locale.ROOT,
                  "%s~log[%s,%s]",
                  l.name(),
                  LogUniform.text(l.low()),
                  LogUniform.text(l.high()))
              : p.name() + "∈{" + String.join(",", ((Choice) p).values()) + "}");
    }
    return String.join(" ", parts);
  }
}
