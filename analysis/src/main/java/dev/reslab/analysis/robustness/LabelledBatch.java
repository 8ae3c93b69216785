package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;

/**
 * Images with their true classes or, for a multi-label data set, their label vectors.
 *
 * @param labels one class index per image (−1 for each image of a multi-label data set)
 * @param targets a multi-label data set's labels, row-major [images, labels] of 0 or 1; null for
 *     one class per image
 */
public record LabelledBatch(ImageBatch images, int[] labels, float[] targets) {

  public LabelledBatch {
    if (labels.length != images.batch()) {
      throw new IllegalArgumentException(
          "got " + labels.length + " labels for a batch of " + images.batch() + " images");
    }
    if (targets != null && (images.batch() == 0 || targets.length % images.batch() != 0)) {
      throw new IllegalArgumentException(
          "got " + targets.length + " label values for a batch of " + images.batch() + " images");
    }
  }

  /** Images with one class each. */
  public LabelledBatch(ImageBatch images, int[] labels) {
    this(images, labels, null);
  }
}
