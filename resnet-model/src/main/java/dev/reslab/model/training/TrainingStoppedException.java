package dev.reslab.model.training;

/**
 * Training stopped on purpose, e.g. on a NaN or infinite loss; the message says where and what was
 * kept.
 */
public final class TrainingStoppedException extends RuntimeException {
  public TrainingStoppedException(String message) {
    super(message);
  }
}
