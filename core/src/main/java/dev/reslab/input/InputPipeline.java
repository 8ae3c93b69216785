package dev.reslab.input;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Batches of images and labels produced inside the training graph (a tf.data iterator, typically).
 * It lives in {@code core} so the data module's pipelines implement it and the training engine
 * consumes it without either module knowing the other.
 */
public interface InputPipeline {

  /** [N, H, W, 3] float32 images, already preprocessed. */
  Operand<TFloat32> images();

  /** [N, K] float32 one-hot (classes) or multi-hot (labels) targets. */
  Operand<TFloat32> labels();

  /**
   * Re-initialises the iterator for {@code epoch} (1-based); the order must depend only on the run
   * seed and the epoch, so a resumed run sees the same batches. The end of the epoch shows as
   * {@link org.tensorflow.exceptions.TFOutOfRangeException} on a fetch.
   */
  void startEpoch(Session session, int epoch);

  /** Examples per epoch. */
  long examples();
}
