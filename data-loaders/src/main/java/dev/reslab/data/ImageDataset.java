package dev.reslab.data;

import dev.reslab.data.pipeline.ImageTransform;
import java.util.List;
import java.util.Optional;
import org.tensorflow.op.Ops;

/** A data set split that can stream into a graph as a tf.data pipeline. */
public interface ImageDataset {

  /** Name, task, labels, image size, examples in this split, default normalisation. */
  DatasetInfo info();

  /**
   * Builds the pipeline into the graph of {@code tf}. Call {@link DataPipeline#startEpoch} before
   * fetching {@link DataPipeline#images()} / {@link DataPipeline#labels()}.
   */
  DataPipeline pipeline(Ops tf, PipelineOptions options);

  /**
   * The geometric evaluation preprocessing from a decoded image file to this data set's image size
   * (what the Java-side {@link dev.reslab.data.image.ImagePreprocessor} applies to a single image
   * file).
   */
  default ImageTransform evalTransform() {
    return ImageTransform.resize(info().height(), info().width());
  }

  /**
   * Problems found while opening that did not stop it (e.g. CelebA's image count on line 1 not
   * matching the rows); callers should show them to the user, one line each.
   */
  default List<String> warnings() {
    return List.of();
  }

  /**
   * After reading this data set failed inside TensorFlow (a corrupt image met mid-epoch:
   * TensorFlow's message names no file), the first of its files that fails the same decoding, as an
   * error naming it; empty when none does (the failure came from elsewhere) or the data set has no
   * image files.
   */
  default Optional<DataException> explainFailure(RuntimeException failure) {
    return Optional.empty();
  }

  /**
   * A TensorFlow {@code failure} explained by the first of {@code sets} (nulls skipped) that finds
   * its file; any other failure, or one no set explains, as it is.
   */
  static RuntimeException explained(RuntimeException failure, ImageDataset... sets) {
    // TF-Java's exceptions (some extend IllegalArgumentException) all live in this package.
    if (!failure.getClass().getPackageName().equals("org.tensorflow.exceptions")) {
      return failure;
    }
    for (ImageDataset set : sets) {
      if (set != null) {
        Optional<DataException> found = set.explainFailure(failure);
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    return failure;
  }
}
