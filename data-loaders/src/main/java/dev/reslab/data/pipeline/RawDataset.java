package dev.reslab.data.pipeline;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * The undecoded elements of a data set as a tf.data dataset.
 *
 * @param handle the dataset variant
 * @param types component types of one element
 * @param shapes component shapes of one element
 * @param size number of elements
 * @param limitApplied the source already chose its examples: the pipeline's side of a holdout and
 *     its limit (file lists choose in Java, by {@code PipelineOptions.chooseExamples})
 * @param feeds placeholders the dataset reads, with the tensors to feed them each time the iterator
 *     starts (kept out of the graph so that large tables do not end up in saved graphs)
 */
public record RawDataset(
    Operand<? extends TType> handle,
    List<Class<? extends TType>> types,
    List<Shape> shapes,
    long size,
    boolean limitApplied,
    Map<Operand<?>, Supplier<Tensor>> feeds) {

  public RawDataset {
    types = List.copyOf(types);
    shapes = List.copyOf(shapes);
    feeds = Map.copyOf(feeds);
  }
}
