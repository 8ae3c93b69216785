package dev.reslab.analysis.study;

import dev.reslab.model.training.TrainingListener;

/**
 * Hears a study's progress: which run starts, which are skipped, and (as a training listener) each
 * run's epochs.
 */
public interface StudyListener extends TrainingListener {

  /**
   * Before each run.
   *
   * @param action {@code train}, {@code resume} or {@code skip} (finished earlier)
   */
  default void runStarted(String variant, long seed, int index, int total, String action) {}

  StudyListener NONE = new StudyListener() {};
}
