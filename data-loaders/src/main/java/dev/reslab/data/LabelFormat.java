package dev.reslab.data;

/** How {@link DataPipeline#labels()} encodes labels. */
public enum LabelFormat {
  /**
   * [N, K] float32: one-hot for multi-class data, multi-hot for multi-label data. What the trainer
   * uses.
   */
  ONE_HOT,
  /** [N] float32 class indices (multi-class data only). */
  CLASS_ID
}
