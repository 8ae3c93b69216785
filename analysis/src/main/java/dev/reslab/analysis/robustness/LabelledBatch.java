package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.List;

/**
 * Images with their true classes or, for a multi-label data set, their label vectors.
 *
 * @param labels one class index per image (−1 for each image of a multi-label data set)
 * @param targets a multi-label data set's labels, row-major [images, labels] of 0 or 1; null for
 *     one class per image
 * @param ids what names each image to a person (its file, or its record in a file), or null
 */
public record LabelledBatch(ImageBatch images, int[] labels, float[] targets, List<String> ids) {

  public LabelledBatch {
    if (labels.length != images.batch()) {
      throw new IllegalArgumentException(
          "got " + labels.length + " labels for a batch of " + images.batch() + " images");
    }
    if (targets != null && (images.batch() == 0 || targets.length % images.batch() != 0)) {
      throw new IllegalArgumentException(
          "got " + targets.length + " label values for a batch of " + images.batch() + " images");
    }
    if (ids != null && ids.size() != images.batch()) {
      throw new IllegalArgumentException(
          "got " + ids.size() + " example ids for a batch of " + images.batch() + " images");
    }
    ids = ids == null ? null : List.copyOf(ids);
  }

  /** Images with one class each. */
  public LabelledBatch(ImageBatch images, int[] labels) {
    this(images, labels, null, null);
  }

  /** Images with their classes or label vectors, not named. */
  public LabelledBatch(ImageBatch images, int[] labels, float[] targets) {
    this(images, labels, targets, null);
  }
}
