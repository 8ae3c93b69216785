package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.reslab.analysis.runs.DataSpec;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.ImageDataset;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.training.InferenceModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reslab eval}: a trained model's loss and metrics on a data set split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a run (its best epoch) or one of its checkpoints on a data set split.")
final class EvalCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "RUN", required = true,
      description = "RUN, RUN/best or RUN/checkpoints/epoch-NNN")
  Path model;

  @ArgGroup(exclusive = false, heading = "Data (default: the run's own data):%n")
  DataOptions data;

  @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
      description = "train, valid or test (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the metrics as JSON")
  Path json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (InferenceModel m = InferenceModel.load(model)) {
      DataSpec dataSpec = data != null ? data.toSpec()
          : DataSpec.fromMap(m.checkpoint().run().readConfig().data());
      ImageDataset ds = dataSpec.open(split);
      Map<String, Double> metrics = ModelEvaluation.evaluate(m, ds, dataSpec.pipelineOptions(false, batchSize, 0),
          TrainingJob.metricsFor(ds.info()).get());
      var out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%s on %s/%s (%d examples), epoch %d%n", model, ds.info().name(), split,
          metrics.get("examples").longValue(), m.checkpoint().epoch());
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        if (!e.getKey().equals("examples")) {
          out.printf(Locale.ROOT, "  %-18s %s%n", e.getKey(), Double.isNaN(e.getValue()) ? "undefined"
              : String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
      }
      out.flush();
      if (json != null) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", model.toString());
        doc.put("epoch", m.checkpoint().epoch());
        doc.put("dataset", ds.info().name());
        doc.put("split", split);
        metrics.forEach((k, v) -> doc.put(k, Double.isNaN(v) ? null : v));
        AtomicFiles.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(doc));
      }
    }
    return 0;
  }
}
