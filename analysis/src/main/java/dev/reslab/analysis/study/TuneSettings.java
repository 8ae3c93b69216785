package dev.reslab.analysis.study;

/**
 * How a tuning study searches.
 *
 * @param name study name in the storage (several studies may share one database)
 * @param space the search space
 * @param trials trials in total (over every process and restart)
 * @param sampler {@code random} or {@code tpe}
 * @param seed sampler seed (trial {@code n} draws from a generator seeded by a mix of {@code seed}
 *     and {@code n})
 * @param metric per-epoch column optimised, e.g. {@code val_accuracy}; losses are minimised, the
 *     rest maximised
 * @param pruner median pruning, or null for none
 * @param keepAll keep every trial's checkpoints (otherwise only the best trial's run directory
 *     keeps them)
 */
public record TuneSettings(
    String name,
    SearchSpace space,
    int trials,
    String sampler,
    long seed,
    String metric,
    MedianPruner pruner,
    boolean keepAll) {

  public TuneSettings {
    if (trials < 1) {
      throw new IllegalArgumentException("--trials must be at least 1, got " + trials);
    }
    Sampler.parse(sampler);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a tuning study needs a name");
    }
    metric = metric == null || metric.isBlank() ? "val_accuracy" : metric;
  }

  public boolean maximize() {
    return !metric.endsWith("loss");
  }
}
