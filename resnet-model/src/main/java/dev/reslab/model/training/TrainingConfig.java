package dev.reslab.model.training;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How to train: the schedule of the run, not the model or the data.
 *
 * @param epochs         epochs to run
 * @param batchSize      examples per step (recorded; the input pipeline batches)
 * @param optimizer      optimizer and its settings
 * @param schedule       learning-rate schedule
 * @param labelSmoothing 0 for none
 * @param seed           run seed: data order per epoch derives from it
 * @param freeze         layers that do not train
 * @param select         metric that picks the best epoch: {@code val_loss} (lower is better) or any other recorded
 *                       column such as {@code val_accuracy}, {@code val_auc_macro} (higher is better)
 * @param keepLast       checkpoints to keep besides the best (0 keeps all)
 * @param threads        TensorFlow intra-op threads (0 = TensorFlow's default, the fastest seen on 2 cores)
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                             float labelSmoothing, long seed, String freeze, String select, int keepLast,
                             int threads) {

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
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (freeze == null) {
      freeze = "none";
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
  }

  /** Adam at 0.001, constant rate, nothing frozen, best by validation loss. */
  public static TrainingConfig defaults(int epochs, int batchSize) {
    return new TrainingConfig(epochs, batchSize, OptimizerConfig.adam(0.001), LearningRateSchedule.constant(), 0f,
        0, "none", "val_loss", 0, 0);
  }

  @JsonIgnore
  public FreezeSpec freezeSpec() {
    return FreezeSpec.parse(freeze);
  }

  /** Whether a larger value of the selection metric is better (everything but losses). */
  @JsonIgnore
  public boolean selectMaximises() {
    return !select.endsWith("loss");
  }

  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(n, batchSize, optimizer, schedule, labelSmoothing, seed, freeze, select, keepLast,
        threads);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(epochs, batchSize, optimizer, schedule, labelSmoothing, s, freeze, select, keepLast,
        threads);
  }

  public TrainingConfig withOptimizer(OptimizerConfig o) {
    return new TrainingConfig(epochs, batchSize, o, schedule, labelSmoothing, seed, freeze, select, keepLast,
        threads);
  }

  public TrainingConfig withFreeze(String f) {
    return new TrainingConfig(epochs, batchSize, optimizer, schedule, labelSmoothing, seed, f, select, keepLast,
        threads);
  }

  public TrainingConfig withSchedule(LearningRateSchedule s) {
    return new TrainingConfig(epochs, batchSize, optimizer, s, labelSmoothing, seed, freeze, select, keepLast,
        threads);
  }

  public TrainingConfig withSelection(String metric, int keep) {
    return new TrainingConfig(epochs, batchSize, optimizer, schedule, labelSmoothing, seed, freeze, metric, keep,
        threads);
  }

  public TrainingConfig withLabelSmoothing(float s) {
    return new TrainingConfig(epochs, batchSize, optimizer, schedule, s, seed, freeze, select, keepLast, threads);
  }

  public TrainingConfig withThreads(int t) {
    return new TrainingConfig(epochs, batchSize, optimizer, schedule, labelSmoothing, seed, freeze, select, keepLast,
        t);
  }
}
