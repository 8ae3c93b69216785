package dev.reslab.analysis.runs;

import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.DataSpec;
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

/**
 * Evaluates a model on a data set split: mean loss and the task's metrics. A model of a run sees
 * its images normalised as the run recorded (an imported PyTorch ResNet: ImageNet's statistics),
 * whatever the data set's default, and is not scored against its labels in another order ({@link
 * RecordedLabels}).
 */
public final class ModelEvaluation {
  /** Images per batch of {@link #evaluate(InferenceModel, DataSpec, String)}. */
  public static final int BATCH_SIZE = 128;

  private ModelEvaluation() {}

  /**
   * Every image of {@code split} ({@code "test"}, {@code "valid"}, {@code "train"}) of {@code
   * data}, in batches of {@value #BATCH_SIZE}.
   */
  public static EvaluationResult evaluate(InferenceModel model, DataSpec data, String split) {
    ImageDataset images = data.open(split);
    return evaluate(
        model,
        images,
        data.evaluationOptions(BATCH_SIZE, 0),
        TrainingJob.metricsFor(images.info()).get());
  }

  /**
   * Runs {@code model} over every batch {@code options} make of {@code data} (its limit: which
   * images) and feeds {@code metrics}, which hold the per-class or per-label detail afterwards.
   * Other models than a run's see images as {@code options} say.
   */
  public static EvaluationResult evaluate(
      InferenceModel model, ImageDataset data, PipelineOptions options, MetricsCollector metrics) {
    long started = System.nanoTime();
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
    Map<String, Double> evaluated;
    try {
      evaluated =
          Evaluator.evaluate(model.session(), pipeline, loss, pass.probabilities(), metrics, 1);
    } catch (RuntimeException e) {
      throw ImageDataset.explained(e, data);
    }
    return EvaluationResult.of(
        evaluated,
        model.config().head(),
        model.sessionOptions().precision(),
        (System.nanoTime() - started) / 1e9);
  }
}
