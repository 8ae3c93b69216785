package dev.reslab.data.pipeline;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;

/** The data-set-specific half of a pipeline: raw elements and how to decode one. */
public interface ExampleSource {

  /** Builds the dataset of raw elements in {@code tf}'s graph. */
  RawDataset open(Ops tf);

  /**
   * Decodes one raw element (its components, in order) inside the map function built with {@code
   * tf}; or, when {@link #decodesBatches()}, a whole batch of them (components with a leading batch
   * dimension) into [N, H, W, 3] images and [N] class ids or [N, K] multi-hot labels.
   */
  DecodedExample decode(Ops tf, List<Operand<?>> components);

  /**
   * Whether {@link #decode} works on batches (fixed-size records) instead of single elements
   * (files).
   */
  default boolean decodesBatches() {
    return false;
  }

  /**
   * Every example's class id in {@link #open} order, read in Java, so part of the split can be held
   * out per class; null when the source cannot tell (then it cannot hold out a validation part).
   */
  default long[] classIds() {
    return null;
  }

  /**
   * What names example {@code index} of {@link #open} order to a person: its file, or its record in
   * a file.
   */
  default String exampleId(long index) {
    return "example " + index;
  }

  /** Training augmentation of this data set (used when the options ask for augmentation). */
  Augmentation augmentation();
}
