package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;

/**
 * Images with their true classes.
 *
 * @param labels one class index per image
 */
public record LabelledBatch(ImageBatch images, int[] labels) {

  public LabelledBatch {
    if (labels.length != images.batch()) {
      throw new IllegalArgumentException(
          "got " + labels.length + " labels for a batch of " + images.batch() + " images");
    }
  }
}
