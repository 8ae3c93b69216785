package dev.reslab.model.training;

/** Hears the trainer's progress: the CLI draws progress bars from it, studies record results. */
public interface TrainingListener {

  default void epochStarted(int epoch, int epochs, long steps) {}

  /** After each training step; {@code loss} is the step's mean loss. */
  default void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {}

  default void validationStarted(int epoch) {}

  default void epochFinished(EpochResult result, boolean best) {}

  /** A message for the user (resume point, warnings). */
  default void info(String message) {}

  TrainingListener NONE = new TrainingListener() {};
}
