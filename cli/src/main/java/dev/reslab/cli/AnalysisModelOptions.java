package dev.reslab.cli;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.interop.savedmodel.InlinedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The model flags of the analysis commands: the run and the input normalisation its weights expect.
 */
public final class AnalysisModelOptions {

  @Option(
      names = "--model",
      paramLabel = "RUN",
      required = true,
      description =
          "RUN, RUN/best or RUN/checkpoints/epoch-NNN (a trained or imported run), or a SavedModel "
              + "folder made anywhere (Keras, tf.Module, reslab export; with --images or "
              + "--dataset)")
  Path model;

  @Option(
      names = "--pixel-scale",
      paramLabel = "S",
      description =
          "SavedModel: multiply 0-255 pixels by this before the model, e.g. 1/255 (default: 1)")
  String pixelScale;

  @Option(
      names = "--normalization",
      paramLabel = "NAME",
      description =
          "input normalisation: imagenet, cifar10, half or none (default: what the run recorded, else "
              + "the data set's)")
  String normalization;

  @Mixin PrecisionOption precision;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  InferenceModel load() {
    InferenceModel m = InferenceModel.load(model, precision.value());
    PrecisionOption.noteFallback(m.sessionOptions(), command.commandLine().getErr());
    return m;
  }

  /** A SavedModel folder rather than a run. */
  boolean isSavedModel() {
    return Files.isRegularFile(model.resolve("saved_model.pb"));
  }

  /**
   * The model to explain and the images to explain with it, from a run or a SavedModel. Close it.
   */
  Opened open(ImageInputOptions input) {
    if (isSavedModel()) {
      return withSavedModel(
          saved -> {
            ImageInputOptions.Input in =
                input.readFiles(saved.inputShape(), ExportImageTransform.of(model));
            if (in.normalization() != null) { // images of a data set, at its size
              checkInputSize(saved.inputShape(), input.data.open(null).info());
            }
            return new Opened(
                ExplainableModel.of(saved),
                in,
                saved,
                AnalysisProvenance.ModelFacts.savedModel(model),
                savedModelPrecision(),
                AnalysisProvenance.NormalizationFacts.pixelScale(scale()));
          });
    }
    return withRun(
        m -> {
          ImageInputOptions.Input in = input.read(m);
          Normalization n = normalization(m, in.normalization());
          return new Opened(
              ExplainableModel.of(m, n),
              in,
              m,
              facts(m),
              AnalysisProvenance.PrecisionFacts.of(m.sessionOptions()),
              AnalysisProvenance.NormalizationFacts.of(n));
        });
  }

  /** What {@code build} makes of the SavedModel of --model; the model is closed if it fails. */
  private <T> T withSavedModel(Function<InlinedSavedModel, T> build) {
    InlinedSavedModel saved = loadSavedModel();
    try {
      return build.apply(saved);
    } catch (RuntimeException e) {
      saved.close();
      throw e;
    }
  }

  /** What {@code build} makes of the run of --model; the model is closed if it fails. */
  private <T> T withRun(Function<InferenceModel, T> build) {
    if (pixelScale != null) {
      throw new IllegalArgumentException(
          "--pixel-scale is for SavedModels; a run records its normalisation");
    }
    InferenceModel m = load();
    try {
      return build.apply(m);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The SavedModel of --model with --pixel-scale inlined before its signature's input. */
  private InlinedSavedModel loadSavedModel() {
    if (normalization != null) {
      throw new IllegalArgumentException(
          "a SavedModel takes its pixels as its own signature says; give "
              + "--pixel-scale, not --normalization");
    }
    return InlinedSavedModel.load(model, "serving_default", Preprocessing.scaleOnly(scale()));
  }

  private float scale() {
    return pixelScale == null ? 1f : Preprocessing.parseScale(pixelScale);
  }

  /** A SavedModel runs as saved, in fp32: said once on stderr when another precision was asked. */
  private AnalysisProvenance.PrecisionFacts savedModelPrecision() {
    AnalysisProvenance.PrecisionFacts facts =
        AnalysisProvenance.PrecisionFacts.savedModel(precision.value());
    if (facts.fallback() != null) {
      command.commandLine().getErr().println("reslab: " + facts.fallback());
      command.commandLine().getErr().flush();
    }
    return facts;
  }

  /**
   * The model and the data set split to analyse it on: a run (its own data unless the data flags
   * say otherwise), or a SavedModel made anywhere on the data set --dataset names. Close it.
   */
  OnData openOn(AnalysisDataOptions data) {
    if (isSavedModel()) {
      return withSavedModel(
          saved -> {
            ImageDataset ds = data.open(null);
            checkInputSize(saved.inputShape(), ds.info());
            return new OnData(
                ExplainableModel.of(saved),
                ds,
                saved,
                null,
                AnalysisProvenance.ModelFacts.savedModel(model),
                savedModelPrecision(),
                AnalysisProvenance.NormalizationFacts.pixelScale(scale()));
          });
    }
    return withRun(
        m -> {
          ImageDataset ds = data.open(m);
          Normalization n = normalization(m, ds.info().normalization());
          return new OnData(
              ExplainableModel.of(m, n),
              ds,
              m,
              m,
              facts(m),
              AnalysisProvenance.PrecisionFacts.of(m.sessionOptions()),
              AnalysisProvenance.NormalizationFacts.of(n));
        });
  }

  /** A SavedModel whose signature fixes another image size than the data set's: one line. */
  void checkInputSize(Shape in, DatasetInfo info) {
    if (in.numDimensions() == 4
        && in.size(1) > 0
        && in.size(2) > 0
        && (in.size(1) != info.height() || in.size(2) != info.width())) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s takes %d×%d images but %s gives %d×%d",
              model,
              in.size(1),
              in.size(2),
              info.name(),
              info.height(),
              info.width()));
    }
  }

  /**
   * A model opened on a data set split, with what the results' record says of them; closing it
   * closes the model.
   *
   * @param run the run's model, or null for a SavedModel
   */
  record OnData(
      ExplainableModel model,
      ImageDataset dataset,
      AutoCloseable owner,
      InferenceModel run,
      AnalysisProvenance.ModelFacts modelFacts,
      AnalysisProvenance.PrecisionFacts precisionFacts,
      AnalysisProvenance.NormalizationFacts normalizationFacts)
      implements AutoCloseable {
    @Override
    public void close() {
      closeOwner(owner);
    }
  }

  /** Closes the model (or SavedModel) that owns an opened result. */
  private static void closeOwner(AutoCloseable owner) {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + owner + ": " + e.getMessage(), e);
    }
  }

  /**
   * An opened model with its input and what the results' record says of them; closing it closes the
   * model.
   */
  record Opened(
      ExplainableModel model,
      ImageInputOptions.Input input,
      AutoCloseable owner,
      AnalysisProvenance.ModelFacts modelFacts,
      AnalysisProvenance.PrecisionFacts precisionFacts,
      AnalysisProvenance.NormalizationFacts normalizationFacts)
      implements AutoCloseable {
    @Override
    public void close() {
      closeOwner(owner);
    }
  }

  /**
   * The flag, else the run's record, else the data set's own normalisation (null when there is no
   * data set).
   */
  Normalization normalization(InferenceModel m, Normalization dataDefault) {
    if (normalization != null) {
      return ModelNormalization.parse(normalization);
    }
    return ModelNormalization.recorded(m.checkpoint())
        .or(() -> Optional.ofNullable(dataDefault))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the run "
                        + model
                        + " records no input normalisation; "
                        + "give --normalization imagenet, cifar10, half or none"));
  }

  /** The model as given and as resolved: run, epoch, sha256 of the checkpoint. */
  AnalysisProvenance.ModelFacts facts(InferenceModel m) {
    return AnalysisProvenance.ModelFacts.of(model, m.checkpoint());
  }

  /**
   * Writes {@value AnalysisProvenance#FILE} into {@code out}: this command, its arguments as given,
   * the model and what it computed on ({@code data} and {@code normalization} null when it read no
   * images).
   */
  void record(
      Path out,
      AnalysisProvenance.ModelFacts modelFacts,
      AnalysisProvenance.ModelFacts baseline,
      AnalysisProvenance.PrecisionFacts baselinePrecision,
      AnalysisProvenance.PrecisionFacts precisionFacts,
      AnalysisProvenance.DataFacts data,
      AnalysisProvenance.NormalizationFacts normalizationFacts) {
    AnalysisProvenance.now(
            command.name(),
            arguments(),
            modelFacts,
            baseline,
            baselinePrecision,
            precisionFacts,
            data,
            normalizationFacts)
        .write(out);
  }

  /** {@link #record} of a model run over {@code data} normalised by {@code n}. */
  void record(Path out, InferenceModel m, Normalization n, AnalysisProvenance.DataFacts data) {
    record(
        out,
        facts(m),
        null,
        null,
        AnalysisProvenance.PrecisionFacts.of(m.sessionOptions()),
        data,
        n == null ? null : AnalysisProvenance.NormalizationFacts.of(n));
  }

  /** {@link #record} of a model opened on a data set, which read {@code data}. */
  void record(Path out, OnData opened, AnalysisProvenance.DataFacts data) {
    record(
        out,
        opened.modelFacts(),
        null,
        null,
        opened.precisionFacts(),
        data,
        opened.normalizationFacts());
  }

  /** {@link #record} of an opened model and its images. */
  void record(Path out, Opened opened) {
    record(
        out,
        opened.modelFacts(),
        null,
        null,
        opened.precisionFacts(),
        opened.input().source(),
        opened.normalizationFacts());
  }

  /** The command's own arguments as given, without the ones before its name. */
  private List<String> arguments() {
    List<String> all = command.commandLine().getParseResult().originalArgs();
    int at = all.indexOf(command.name());
    return at < 0 ? all : all.subList(at + 1, all.size());
  }

  ExplainableModel explainable(InferenceModel m, Normalization dataDefault) {
    return ExplainableModel.of(m, normalization(m, dataDefault));
  }

  /** Class or attribute names the run recorded ({@code data.labels}), or null. */
  static List<String> recordedLabels(InferenceModel m) {
    if (m.checkpoint() == null) {
      return null;
    }
    Object labels = m.checkpoint().run().readConfig().data().get("labels");
    if (labels instanceof List<?> list && list.size() == m.config().classes()) {
      return list.stream().map(String::valueOf).toList();
    }
    return null;
  }
}
