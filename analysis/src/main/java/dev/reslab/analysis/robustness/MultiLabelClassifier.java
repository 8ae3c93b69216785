package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;

/**
 * Anything that gives each image a probability per label (a sigmoid head such as CelebA's 40
 * attributes) — a TensorFlow session or a stub in tests.
 */
@FunctionalInterface
public interface MultiLabelClassifier {

  /** Probabilities in [0, 1], row-major [images, labels]. */
  float[] probabilities(ImageBatch images);
}
