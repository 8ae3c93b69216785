package dev.reslab.cli;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.Normalization;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The model flags of the analysis commands: the run and the input normalisation its weights expect. */
public final class AnalysisModelOptions {

  @Option(names = "--model", paramLabel = "RUN", required = true,
      description = "RUN, RUN/best or RUN/checkpoints/epoch-NNN (a trained or imported run)")
  Path model;

  @Option(names = "--normalization", paramLabel = "NAME",
      description = "input normalisation: imagenet, cifar10, half or none (default: what the run recorded, else "
          + "the data set's)")
  String normalization;

  InferenceModel load() {
    return InferenceModel.load(model);
  }

  /** The flag, else the run's record, else the data set's own normalisation (null when there is no data set). */
  Normalization normalization(InferenceModel m, Normalization dataDefault) {
    if (normalization != null) {
      return ModelNormalization.parse(normalization);
    }
    return ModelNormalization.recorded(m.checkpoint()).or(() -> java.util.Optional.ofNullable(dataDefault))
        .orElseThrow(() -> new IllegalArgumentException("the run " + model + " records no input normalisation; "
            + "give --normalization imagenet, cifar10, half or none"));
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
