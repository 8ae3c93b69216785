package dev.reslab.analysis.study;

/**
 * How a tuning study searches. Build one with {@link #builder(String, SearchSpace)}.
 *
 * @param name study name in the storage (several studies may share one database)
 * @param space the search space
 * @param trials trials in total (over every process and restart)
 * @param sampler how the next trial's hyperparameters are drawn
 * @param seed sampler seed (trial {@code n} draws from a generator seeded by a mix of {@code seed}
 *     and {@code n})
 * @param metric per-epoch column optimised, e.g. {@code val_accuracy}; losses are minimised, the
 *     rest maximised
 * @param pruner median pruning, or null for none
 * @param keepAll keep every trial's checkpoints (otherwise only the best trial's run directory
 *     keeps them)
 * @param init the pretrained weights every trial starts from, or null for fresh weights
 */
public record TuneSettings(
    String name,
    SearchSpace space,
    int trials,
    Sampler sampler,
    long seed,
    String metric,
    MedianPruner pruner,
    boolean keepAll,
    StudyInit init) {

  public TuneSettings {
    if (trials < 1) {
      throw new IllegalArgumentException(
          "a tuning study needs at least 1 trial, got " + trials + " trials");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a tuning study needs a name");
    }
    if (space == null || sampler == null) {
      throw new IllegalArgumentException("a tuning study needs a search space and a sampler");
    }
    metric = metric == null || metric.isBlank() ? "val_accuracy" : metric;
  }

  /** Settings for study {@code name} over {@code space}: 20 trials, TPE, seed 0, no pruning. */
  public static Builder builder(String name, SearchSpace space) {
    return new Builder(name, space);
  }

  public Builder toBuilder() {
    return new Builder(name, space)
        .trials(trials)
        .sampler(sampler)
        .seed(seed)
        .metric(metric)
        .pruner(pruner)
        .keepAll(keepAll)
        .init(init);
  }

  public boolean maximize() {
    return !metric.endsWith("loss");
  }

  /** Settings of a {@link TuneSettings}; checked when built. */
  public static final class Builder {
    private final String name;
    private final SearchSpace space;
    private int trials = 20;
    private Sampler sampler = TpeSampler.DEFAULTS;
    private long seed;
    private String metric = "val_accuracy";
    private MedianPruner pruner;
    private boolean keepAll;
    private StudyInit init;

    private Builder(String name, SearchSpace space) {
      this.name = name;
      this.space = space;
    }

    public Builder trials(int n) {
      this.trials = n;
      return this;
    }

    public Builder sampler(Sampler s) {
      this.sampler = s;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** The per-epoch column optimised; {@code val_accuracy} unless set. */
    public Builder metric(String m) {
      this.metric = m;
      return this;
    }

    /** Median pruning, or null (the default) for none. */
    public Builder pruner(MedianPruner p) {
      this.pruner = p;
      return this;
    }

    public Builder keepAll(boolean keep) {
      this.keepAll = keep;
      return this;
    }

    /** Pretrained weights every trial starts from; null (the default) for fresh ones. */
    public Builder init(StudyInit weights) {
      this.init = weights;
      return this;
    }

    public TuneSettings build() {
      return new TuneSettings(name, space, trials, sampler, seed, metric, pruner, keepAll, init);
    }
  }
}
