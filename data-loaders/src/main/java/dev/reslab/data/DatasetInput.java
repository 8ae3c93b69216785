package dev.reslab.data;

import dev.reslab.input.InputSource;

/**
 * A data set's pipeline as the training engine's input ({@code Trainer}, {@code Evaluator}): the
 * engine reads {@link dev.reslab.input.InputPipeline}s, which {@link DataPipeline} is.
 */
public final class DatasetInput {
  private DatasetInput() {}

  /**
   * {@code data} through a pipeline with {@code options}, built into the graph the trainer or
   * evaluator builds.
   */
  public static InputSource of(ImageDataset data, PipelineOptions options) {
    return tf -> data.pipeline(tf, options);
  }
}
