package dev.reslab.data;

import dev.reslab.data.pipeline.ImageTransform;
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

  /**
   * The geometric evaluation preprocessing from a decoded image file to this data set's image size (what the
   * Java-side {@link dev.reslab.data.image.ImagePreprocessor} applies to a single image file).
   */
  default ImageTransform evalTransform() {
    return ImageTransform.resize(info().height(), info().width());
  }

  /**
   * Problems found while opening that did not stop it (e.g. CelebA's image count on line 1 not matching the rows);
   * callers should show them to the user, one line each.
   */
  default java.util.List<String> warnings() {
    return java.util.List.of();
  }
}
