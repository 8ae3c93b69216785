package dev.reslab.data.pipeline;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;

/** The data-set-specific half of a pipeline: raw elements and how to decode one. */
public interface ExampleSource {

  /** Builds the dataset of raw elements in {@code tf}'s graph. */
  RawDataset open(Ops tf);

  /** Decodes one raw element (its components, in order) inside the map function built with {@code tf}. */
  DecodedExample decode(Ops tf, List<Operand<?>> components);

  /** Training augmentation of this data set (used when the options ask for augmentation). */
  Augmentation augmentation();
}
