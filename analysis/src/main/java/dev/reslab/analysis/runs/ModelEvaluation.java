package dev.reslab.analysis.runs;

import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.DatasetInput;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import dev.reslab.input.InputPipeline;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.training.Evaluator;
import dev.reslab.model.training.LossFunction;
import dev.reslab.model.training.MetricsCollector;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Evaluates a model on a data set split: mean loss and the task's metrics. */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  /**
   * Runs {@code model} over every batch of {@code data} and feeds {@code metrics}. A model of a run
   * sees its images normalised as the run recorded (an imported PyTorch ResNet: ImageNet's
   * statistics), whatever {@code options} say, and is not scored against its labels in another
   * order ({@link RecordedLabels}); other models see images as {@code options} say.
   *
   * @return {@code loss}, the collector's metrics and {@code examples}
   */
  public static Map<String, Double> evaluate(
      InferenceModel model, ImageDataset data, PipelineOptions options, MetricsCollector metrics) {
    TrainingJob.checkModelFits(model.config(), data.info());
    if (model.checkpoint() != null) {
      Path run = model.checkpoint().run().root();
      RecordedLabels.check(
          run.toString(), model.checkpoint().run().readConfig().data().get("labels"), data.info());
    }
    PipelineOptions fed =
        ModelNormalization.recorded(model.checkpoint())
            .map(n -> options.toBuilder().normalization(n).build())
            .orElse(options);
    InputPipeline pipeline =
        DatasetInput.of(data, fed).build(model.ops().withSubScope("eval_data"));
    ForwardPass pass = model.predict(pipeline.images());
    Operand<TFloat32> loss =
        LossFunction.build(
            model.ops().withSubScope("eval_loss"),
            model.config().head(),
            pass.logits(),
            pipeline.labels(),
            0f);
    try {
      return Evaluator.evaluate(model.session(), pipeline, loss, pass.probabilities(), metrics, 1);
    } catch (RuntimeException e) {
      throw ImageDataset.explained(e, data);
    }
  }
}
