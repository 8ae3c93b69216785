package dev.reslab.examples;

import dev.reslab.analysis.explain.Baseline;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.Faithfulness;
import dev.reslab.analysis.explain.FaithfulnessScore;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageSelection;
import dev.reslab.analysis.runs.EvaluationResult;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.interop.export.SavedModelExport;
import dev.reslab.interop.run.RunImport;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Path;
import java.util.List;

/**
 * A pretrained model as a researcher uses it: He et al.'s PyTorch ResNet-20 imported as a run,
 * evaluated on CIFAR-10's test images (854 of the 932 shared ones, 91.63 %), explained with
 * Grad-CAM at {@code layer3} with deletion scores, and exported as a SavedModel for Python. The
 * README quotes the parts between the {@code tag::} and {@code end::} marks; {@code
 * ResearcherExamplesTest} runs them on the shared data.
 *
 * <p>{@code java dev.reslab.examples.PretrainedResNet20 resnet20-12fca82f.th CIFAR10_DIR WORKDIR}
 */
public final class PretrainedResNet20 {
  private PretrainedResNet20() {}

  /** The explanation of some images: their Grad-CAM maps and each map's deletion score. */
  public record Explained(
      ImageSelection images, GradCamResult cams, List<FaithfulnessScore> scores) {}

  public static void main(String[] args) {
    Path weights = Path.of(args[0]);
    Path cifar10 = Path.of(args[1]);
    Path work = Path.of(args[2]);
    Path run = work.resolve("r20");
    importWeights(weights, run);
    System.out.println("test: " + evaluate(run, cifar10));
    explain(run, cifar10);
    export(run, work.resolve("r20-export"));
  }

  /** The PyTorch file as a run directory, in the architecture the file shows. */
  public static void importWeights(Path weights, Path run) {
    // tag::import[]
    // resnet20-12fca82f.th: preset, stem and classes are read from the file's tensors
    RunImport.fromTorch(weights, run);
    // end::import[]
  }

  /** Results on the whole test split. */
  public static EvaluationResult evaluate(Path run, Path cifar10) {
    // tag::evaluate[]
    EvaluationResult result;
    // every test image, normalised as the run recorded (PyTorch weights: ImageNet's mean and std)
    try (InferenceModel model = InferenceModel.load(run)) {
      result = ModelEvaluation.evaluate(model, DataSpec.of("cifar10", cifar10), "test");
    }
    System.out.printf(
        "%d of %d correct, loss %.4f (%s, %.0f images/s)%n",
        result.correct(),
        result.images(),
        result.loss(),
        result.precision(),
        result.imagesPerSecond());
    // end::evaluate[]
    return result;
  }

  /** Grad-CAM at layer3 of test images 0-3 for the predicted class, and deletion scores. */
  public static Explained explain(Path run, Path cifar10) {
    // tag::gradcam[]
    ImageDataset test = DataSpec.of("cifar10", cifar10).open("test");
    ImageSelection four;
    GradCamResult cams;
    List<FaithfulnessScore> scores;
    try (ExplainableModel model = ExplainableModel.open(run)) { // normalises as the run recorded
      // positions in the data set's own order: test_batch.bin's records 0 to 3
      four = ImageSelection.byIndex(test, List.of(0L, 1L, 2L, 3L));
      cams =
          GradCam.create(model, List.of("layer3"))
              .explain(four.images(), List.of(Target.predicted()), CamMethod.GRAD_CAM);
      // Deletion (Petsiuk et al.): blur the map's top pixels first; lower area = more faithful
      scores = new Faithfulness(model, Baseline.BLUR, 10).score(cams, 0, 0.2);
    }
    for (int i = 0; i < scores.size(); i++) {
      System.out.printf(
          "%s: predicted %d, deletion AUC %.3f%n",
          four.names().get(i), cams.targets().get(i).index(), scores.get(i).deletionAuc());
    }
    float[] map = cams.normalizedMap("layer3", 0); // 32 x 32 values in [0, 1], image 0
    // end::gradcam[]
    return new Explained(four, cams, scores);
  }

  /** A SavedModel of the run for Python TensorFlow. */
  public static SavedModelExport.Exported export(Path run, Path out) {
    // tag::export[]
    SavedModelExport.Exported exported = SavedModelExport.export(run, out); // out must not exist
    // Python: tf.saved_model.load(out).signatures["serving_default"](images=pixels_0_to_255)
    System.out.println("exported epoch " + exported.epoch() + " to " + exported.dir());
    // end::export[]
    return exported;
  }
}
