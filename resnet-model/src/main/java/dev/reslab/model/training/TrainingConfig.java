package dev.reslab.model.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.reslab.model.engine.Precision;

/**
 * How to train: the schedule of the run, not the model or the data. Build one with {@link
 * #builder(int, int)} or change one with {@link #toBuilder()}.
 *
 * @param epochs epochs to run
 * @param batchSize examples per step (recorded; the input pipeline batches)
 * @param optimizer optimizer and its settings
 * @param schedule learning-rate schedule
 * @param labelSmoothing 0 for none
 * @param seed run seed: data order per epoch derives from it
 * @param freeze layers that do not train
 * @param select metric that picks the best epoch: {@code val_loss} (lower is better) or any other
 *     recorded column such as {@code val_accuracy}, {@code val_auc_macro} (higher is better)
 * @param keepLast checkpoints to keep besides the best (0 keeps all)
 * @param threads TensorFlow intra-op threads (0 = TensorFlow's default, the fastest seen on 2
 *     cores)
 * @param patience stop after this many epochs without a better selection metric (0 = never stop
 *     early)
 * @param precision arithmetic of convolutions and matrix products ({@code fp32} when absent); a run
 *     records the precision it ran in, which is fp32 on a machine without bfloat16 arithmetic
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    OptimizerConfig optimizer,
    LearningRateSchedule schedule,
    float labelSmoothing,
    long seed,
    FreezeSpec freeze,
    String select,
    int keepLast,
    int threads,
    int patience,
    Precision precision) {

  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (optimizer == null) {
      optimizer = OptimizerConfig.adam(0.001);
    }
    if (schedule == null) {
      schedule = LearningRateSchedule.constant();
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(
          "label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (freeze == null) {
      freeze = FreezeSpec.none();
    }
    if (select == null || select.isBlank()) {
      select = "val_loss";
    }
    if (keepLast < 0) {
      throw new IllegalArgumentException("keep-last must be 0 (keep all) or more, got " + keepLast);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (default) or more, got " + threads);
    }
    if (patience < 0) {
      throw new IllegalArgumentException(
          "patience must be 0 (never stop early) or more epochs, got " + patience);
    }
    if (precision == null) {
      precision = Precision.FP32; // runs recorded before precision was a setting trained in float32
    }
  }

  /** Adam at 0.001, constant rate, nothing frozen, best by validation loss. */
  public static TrainingConfig defaults(int epochs, int batchSize) {
    return builder(epochs, batchSize).build();
  }

  /** Adam at 0.001, constant rate, nothing frozen, best by validation loss, until changed. */
  public static Builder builder(int epochs, int batchSize) {
    return new Builder(epochs, batchSize);
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether a larger value of the selection metric is better (everything but losses). */
  @JsonIgnore
  public boolean selectMaximises() {
    return !select.endsWith("loss");
  }

  public TrainingConfig withEpochs(int n) {
    return toBuilder().epochs(n).build();
  }

  public TrainingConfig withSeed(long s) {
    return toBuilder().seed(s).build();
  }

  public TrainingConfig withOptimizer(OptimizerConfig o) {
    return toBuilder().optimizer(o).build();
  }

  public TrainingConfig withFreeze(FreezeSpec f) {
    return toBuilder().freeze(f).build();
  }

  public TrainingConfig withSchedule(LearningRateSchedule s) {
    return toBuilder().schedule(s).build();
  }

  public TrainingConfig withSelection(String metric, int keep) {
    return toBuilder().select(metric).keepLast(keep).build();
  }

  public TrainingConfig withLabelSmoothing(float s) {
    return toBuilder().labelSmoothing(s).build();
  }

  public TrainingConfig withThreads(int t) {
    return toBuilder().threads(t).build();
  }

  /** Settings of a {@link TrainingConfig}; checked when built. */
  public static final class Builder {
    private int epochs;
    private int batchSize;
    private OptimizerConfig optimizer = OptimizerConfig.adam(0.001);
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private float labelSmoothing;
    private long seed;
    private FreezeSpec freeze = FreezeSpec.none();
    private String select = "val_loss";
    private int keepLast;
    private int threads;
    private int patience;
    private Precision precision = Precision.FP32;

    private Builder(int epochs, int batchSize) {
      this.epochs = epochs;
      this.batchSize = batchSize;
    }

    private Builder(TrainingConfig c) {
      this(c.epochs, c.batchSize);
      optimizer = c.optimizer;
      schedule = c.schedule;
      labelSmoothing = c.labelSmoothing;
      seed = c.seed;
      freeze = c.freeze;
      select = c.select;
      keepLast = c.keepLast;
      threads = c.threads;
      patience = c.patience;
      precision = c.precision;
    }

    public Builder epochs(int n) {
      this.epochs = n;
      return this;
    }

    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    public Builder optimizer(OptimizerConfig o) {
      this.optimizer = o;
      return this;
    }

    public Builder schedule(LearningRateSchedule s) {
      this.schedule = s;
      return this;
    }

    public Builder labelSmoothing(float s) {
      this.labelSmoothing = s;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Layers that do not train: {@code none}, {@code backbone} or layer prefixes ({@code
     * conv1,bn1,layer1}).
     */
    public Builder freeze(FreezeSpec f) {
      this.freeze = f;
      return this;
    }

    /** The metric that picks the best epoch (and that early stopping watches). */
    public Builder select(String metric) {
      this.select = metric;
      return this;
    }

    public Builder keepLast(int n) {
      this.keepLast = n;
      return this;
    }

    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Stop after this many epochs without a better selection metric; 0 never stops early. */
    public Builder patience(int epochs) {
      this.patience = epochs;
      return this;
    }

    /**
     * {@code bf16}: mixed precision, convolutions and matrix products in bfloat16 where the CPU has
     * it.
     */
    public Builder precision(Precision p) {
      this.precision = p;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          epochs,
          batchSize,
          optimizer,
          schedule,
          labelSmoothing,
          seed,
          freeze,
          select,
          keepLast,
          threads,
          patience,
          precision);
    }
  }
}
