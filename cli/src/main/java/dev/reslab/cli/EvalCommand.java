package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.runs.EvaluationResult;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.analysis.runs.SavedModelEvaluation;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.interop.savedmodel.ImportedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab eval}: a trained model's loss and metrics on a data set split. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a run (its best epoch) or one of its checkpoints on a data set split.")
final class EvalCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "RUN",
      required = true,
      description = "RUN, RUN/best or RUN/checkpoints/epoch-NNN")
  Path model;

  @ArgGroup(exclusive = false, heading = "Data (default: the run's own data):%n")
  EvalDataOptions data;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      defaultValue = "test",
      description = "train, valid or test (default: ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--json-file",
      paramLabel = "FILE",
      description = "also write the metrics as JSON to FILE")
  Path json;

  @Option(names = "--json", hidden = true)
  void oldJson(Path file) {
    OldSpelling.used(
        "--json FILE", "--json-file FILE"); // elsewhere --json prints JSON instead of text
    json = file;
  }

  @Option(
      names = "--signature",
      paramLabel = "NAME",
      description = "SavedModel: signature (default: serving_default)")
  String signature;

  @Option(
      names = "--input",
      paramLabel = "KEY",
      description = "SavedModel: input to feed when there are several")
  String input;

  @Option(
      names = "--output",
      paramLabel = "KEY",
      description = "SavedModel: output to score (default: the only one, or 'probabilities')")
  String output;

  @Option(
      names = "--pixel-scale",
      paramLabel = "S",
      defaultValue = "1",
      description = "SavedModel: multiply 0-255 pixels by this first, e.g. 1/255 (default: 1)")
  String pixelScale;

  @Option(
      names = "--mean",
      paramLabel = "R,G,B",
      split = ",",
      description = "SavedModel: mean subtracted after scaling")
  float[] mean;

  @Option(
      names = "--std",
      paramLabel = "R,G,B",
      split = ",",
      description = "SavedModel: std divided by after that")
  float[] std;

  @Mixin PrecisionOption precision;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (Files.isRegularFile(model.resolve("saved_model.pb"))) {
      return evaluateSavedModel();
    }
    try (InferenceModel m = InferenceModel.load(model, precision.value())) {
      PrecisionOption.noteFallback(m.sessionOptions(), spec.commandLine().getErr());
      Map<String, Object> recorded = m.checkpoint().run().readConfig().data();
      if (data == null && !recorded.containsKey("dataset")) {
        throw new IllegalArgumentException(
            model
                + " records no training data (an imported model?): say which data "
                + "to evaluate on with --dataset");
      }
      DataSpec dataSpec =
          data != null
              ? data.dataSetSpec(recorded)
              : DataSetOptions.recordedSpec(m.checkpoint().run().root(), recorded, null);
      ImageDataset ds = dataSpec.open(split);
      // The whole split: a run's own --limit-val chose epochs faster, it must not shrink this
      // evaluation. The library feeds the run's recorded normalisation and checks its labels.
      EvaluationResult result =
          ModelEvaluation.evaluate(
              m,
              ds,
              dataSpec.evaluationOptions(batchSize, data == null ? 0 : data.limit),
              TrainingJob.metricsFor(ds.info()).get());
      print(
          result.toMap(),
          ds,
          "epoch " + m.checkpoint().epoch() + ", " + result.precision(),
          m.checkpoint().epoch(),
          result.seconds());
    }
    return 0;
  }

  private void print(
      Map<String, Double> metrics, ImageDataset ds, String what, Integer epoch, double seconds)
      throws Exception {
    var out = spec.commandLine().getOut();
    long n = metrics.get("examples").longValue();
    out.printf(
        Locale.ROOT,
        "%s (%s) on %s/%s: evaluated %d of its %d images%s%s%n",
        model,
        what,
        ds.info().name(),
        split,
        n,
        ds.info().examples(),
        n == ds.info().examples() ? " (all)" : " (a seeded subset, --limit)",
        Double.isNaN(seconds)
            ? ""
            : String.format(
                Locale.ROOT,
                " in %.1f s (%.0f images/s, data pipeline included)",
                seconds,
                n / Math.max(seconds, 1e-9)));
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (!e.getKey().equals("examples")) {
        out.printf(
            Locale.ROOT,
            "  %-18s %s%n",
            e.getKey(),
            Double.isNaN(e.getValue())
                ? "undefined"
                : String.format(Locale.ROOT, "%.4f", e.getValue()));
      }
    }
    out.flush();
    if (json != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", model.toString());
      if (epoch != null) {
        doc.put("epoch", epoch);
      }
      doc.put("dataset", ds.info().name());
      doc.put("split", split);
      metrics.forEach((k, v) -> doc.put(k, Double.isNaN(v) ? null : v));
      AtomicFiles.writeString(
          json,
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
  }

  /** A SavedModel made elsewhere: the data must be named, the preprocessing given. */
  private int evaluateSavedModel() throws Exception {
    if (data == null) {
      throw new IllegalArgumentException(
          model + " is a SavedModel: say which data to evaluate on with --dataset");
    }
    DataSpec dataSpec = data.dataSetSpec();
    ImageDataset ds = dataSpec.open(split);
    Preprocessing pre =
        new Preprocessing(
            Preprocessing.parseScale(pixelScale),
            mean == null ? new float[0] : mean,
            std == null ? new float[0] : std);
    var sessionOptions = SessionOptions.of(precision.value(), 0);
    PrecisionOption.noteFallback(sessionOptions, spec.commandLine().getErr());
    try (var saved = ImportedSavedModel.load(model, sessionOptions)) {
      String sig = signature != null ? signature : saved.defaultSignature();
      Map<String, Double> metrics =
          SavedModelEvaluation.evaluate(
              saved,
              sig,
              input,
              output,
              pre,
              ds,
              dataSpec.evaluationOptions(batchSize, data.limit),
              TrainingJob.metricsFor(ds.info()).get());
      print(metrics, ds, "signature " + sig, null, Double.NaN);
    }
    return 0;
  }
}
