package dev.reslab.analysis.runs;

import dev.reslab.data.DataPipeline;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import dev.reslab.model.training.InputPipeline;
import dev.reslab.model.training.InputSource;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * A data set's pipeline as the training engine's input. It lives here, not in data-loaders, because
 * neither of the two modules may know the other: the data module knows nothing of models, the
 * engine nothing of data sets.
 */
public final class DatasetInput {
  private DatasetInput() {}

  /**
   * {@code data} through a pipeline with {@code options}, built into the graph the trainer or
   * evaluator builds.
   */
  public static InputSource of(ImageDataset data, PipelineOptions options) {
    return tf -> {
      DataPipeline p = data.pipeline(tf, options);
      return new InputPipeline() {
        @Override
        public Operand<TFloat32> images() {
          return p.images();
        }

        @Override
        public Operand<TFloat32> labels() {
          return p.labels();
        }

        @Override
        public void startEpoch(Session session, int epoch) {
          p.startEpoch(session, epoch);
        }

        @Override
        public long examples() {
          return p.examples();
        }
      };
    };
  }
}
