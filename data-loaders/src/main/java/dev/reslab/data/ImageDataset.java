package dev.reslab.data;

import org.tensorflow.op.Ops;

/** A data set split that can stream into a graph as a tf.data pipeline. */
public interface ImageDataset {

  /** Name, task, labels, image size, examples in this split, default normalisation. */
  DatasetInfo info();

  /**
   * Builds the pipeline into the graph of {@code tf}. Call {@link DataPipeline#startEpoch} before fetching
   * {@link DataPipeline#images()} / {@link DataPipeline#labels()}.
   */
  DataPipeline pipeline(Ops tf, PipelineOptions options);
}
