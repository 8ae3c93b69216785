package dev.reslab.examples;

import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.inputs.ImageSelection;
import dev.reslab.analysis.runs.EvaluationResult;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.interop.export.SavedModelExport;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.FeatureInfo;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Java user's first hour with reslab, step by step: build a masked ResNet, train it, evaluate it,
 * Grad-CAM an image, export it for Python. Runs on generated shapes, so it needs no download;
 * {@code mvn verify} runs it ({@code FirstHourTest}), and the module READMEs quote the parts
 * between the {@code tag::} and {@code end::} marks.
 *
 * <p>Run it by hand with {@code java dev.reslab.examples.FirstHour WORKDIR} (the classpath of this
 * module).
 */
public final class FirstHour {
  private FirstHour() {}

  /** What each step produced, for the test and for printing. */
  public record Outcome(
      long parameters,
      List<FeatureInfo> features,
      TrainingResult training,
      EvaluationResult evaluation,
      float[] layer2Map,
      SavedModelExport.Exported export) {}

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("reslab-first-hour");
    Outcome o = run(work);
    System.out.println(o.parameters() + " parameters; features " + o.features());
    System.out.println("best epoch " + o.training().bestEpoch() + "; test " + o.evaluation());
    System.out.println("exported to " + o.export().dir());
  }

  /** All steps in {@code work} (a run folder and an export folder are created in it). */
  public static Outcome run(Path work) {
    ResNetConfig config = build();
    Path runDir = work.resolve("run");
    TrainingResult training = train(config, runDir);
    EvaluationResult evaluation = evaluate(runDir);
    float[] map = gradCam(runDir);
    SavedModelExport.Exported export = export(runDir, work.resolve("export"));
    return new Outcome(
        ModelSummary.of(config).parameters(),
        ResNet.build(config).featureInfo(),
        training,
        evaluation,
        map,
        export);
  }

  /**
   * A ResNet-18 at a quarter of the width, for 32×32 images and 10 classes, without the second
   * block of stage 3.
   */
  static ResNetConfig build() {
    // tag::build[]
    ResNetConfig config =
        ResNetPreset.RESNET18.config(Stem.CIFAR, 10).toBuilder()
            .widthFactor(0.25)
            .remove("layer3.1") // a block, or a whole stage: "layer3"
            .build();
    ModelSummary summary = ModelSummary.of(config);
    System.out.printf("%,d parameters%n", summary.parameters());
    for (FeatureInfo f : ResNet.build(config).featureInfo()) {
      System.out.println(f.name() + ": " + f.channels() + " channels at 1/" + f.reduction());
    }
    // end::build[]
    return config;
  }

  /** One short epoch on generated shapes into a run directory. */
  static TrainingResult train(ResNetConfig config, Path runDir) {
    // tag::train[]
    DataSpec data =
        DataSpec.of("synthetic", null) // or DataSpec.of("cifar10", Path.of("data/cifar10"))
            .withLimits(192, 64); // a subset: 192 training, 64 validation images
    TrainingConfig training =
        TrainingConfig.builder(1, 32) // epochs, batch size
            .seed(7)
            .build();
    TrainingResult result =
        TrainingJob.train(config, training, data, runDir, new TrainingListener() {});
    System.out.println("best epoch " + result.bestEpoch() + ": " + result.best().metrics());
    // end::train[]
    return result;
  }

  /** The best epoch of the run on the test split. */
  static EvaluationResult evaluate(Path runDir) {
    // tag::evaluate[]
    EvaluationResult result;
    try (InferenceModel model =
        InferenceModel.load(runDir)) { // RUN, RUN/best or RUN/checkpoints/epoch-NNN
      result = ModelEvaluation.evaluate(model, DataSpec.of("synthetic", null), "test");
    }
    System.out.printf(
        "test: %d of %d images right, loss %.3f%n",
        result.correct(), result.images(), result.loss());
    // end::evaluate[]
    return result;
  }

  /**
   * Grad-CAM of the first test image for its predicted class, at every stage; returns layer2's map.
   */
  static float[] gradCam(Path runDir) {
    // tag::gradcam[]
    ImageDataset test = DataSpec.of("synthetic", null).open("test");
    // the data set's first four images: positions in its own order
    ImageBatch images = ImageSelection.byIndex(test, List.of(0L, 1L, 2L, 3L)).images();
    GradCamResult cams;
    try (ExplainableModel model =
        ExplainableModel.open(runDir)) { // with the normalisation the run recorded
      cams =
          GradCam.forStages(model) // layer1 ... layer4, one backward pass
              .explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
    }
    float[] layer2 = cams.normalizedMap("layer2", 0); // 32 × 32 values in [0, 1], image 0
    System.out.println("image 0 looks like class " + cams.targets().get(0).index());
    // end::gradcam[]
    return layer2;
  }

  /** A SavedModel for Python TensorFlow. */
  static SavedModelExport.Exported export(Path runDir, Path exportDir) {
    // tag::export[]
    SavedModelExport.Exported exported =
        SavedModelExport.export(runDir, exportDir); // exportDir must not exist
    // Python: tf.saved_model.load(dir).signatures["serving_default"](images=raw_pixels_0_to_255)
    System.out.println("epoch " + exported.epoch() + " exported to " + exported.dir());
    // end::export[]
    return exported;
  }
}
