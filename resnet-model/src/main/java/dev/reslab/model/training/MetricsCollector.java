package dev.reslab.model.training;

import java.util.Map;

/**
 * Receives a model's predictions batch by batch and turns them into named metrics. The trainer
 * calls it for the training and validation data of every epoch; implementations live in {@code
 * analysis}, so the model module does not depend on them.
 */
public interface MetricsCollector {

  /** Forgets everything seen so far (called at the start of each epoch and split). */
  void reset();

  /**
   * Adds one batch.
   *
   * @param probabilities row-major [batch, outputs]: softmax probabilities (one class) or sigmoid
   *     probabilities (independent labels)
   * @param labels row-major [batch, outputs]: one-hot or multi-hot 0/1 targets
   * @param batch rows in this batch
   * @param outputs classes or labels per row
   */
  void update(float[] probabilities, float[] labels, int batch, int outputs);

  /**
   * The metrics over everything added since {@link #reset()}, by name (e.g. {@code accuracy},
   * {@code top5}, {@code f1_macro}, {@code auc_macro}). An undefined value (a label with no
   * positives) is {@code NaN}.
   */
  Map<String, Double> results();
}
