package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;

/**
 * Anything that predicts one class per image — a TensorFlow session, an imported model, or a stub
 * in tests — so the robustness study does not depend on how the model runs.
 */
@FunctionalInterface
public interface ImageClassifier {

  /** The predicted class of each image in the batch, in order. */
  int[] predict(ImageBatch images);
}
