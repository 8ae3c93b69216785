package dev.reslab.cli;

import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.analysis.runs.RecordedLabels;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Limit;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which data set split the analysis commands read (default: the run's own data). */
public final class AnalysisDataOptions {

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description =
          "cifar10, cifar10-jpeg, folder, imagenet-v2, synthetic, … (default: the run's data set)")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "the data set's folder; without --dataset, the folder of the run's own data set "
              + "(default: where the run recorded it; with --dataset, found under $RESLAB_DATA, "
              + "then ./data, then where the run recorded it)")
  Path data;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      defaultValue = "test",
      description = "train, valid or test (default: ${DEFAULT-VALUE})")
  String split;

  /**
   * Opens the split: the flags' data set, else the one the run recorded ({@code m} null: a model of
   * no run, such as a SavedModel, which needs --dataset).
   */
  ImageDataset open(InferenceModel m) {
    ImageDataset ds = spec(m).open(split);
    if (m != null && m.checkpoint() != null) {
      RecordedLabels.check(
          m.checkpoint().run().root().toString(), recordedData(m).get("labels"), ds.info());
    }
    return ds;
  }

  /** What an analysis read: {@code images} of the split, after {@code limit} (0: all). */
  AnalysisProvenance.DataFacts facts(InferenceModel m, ImageDataset ds, long images, long limit) {
    DataSpec spec = spec(m);
    return AnalysisProvenance.DataFacts.split(
        ds.info().name(), spec.dir(), split, images, limit, spec.subsetSeed());
  }

  /**
   * The images an analysis of {@code limit} images (0: all) reads: the subset {@code eval} reads
   * for the same model and limit.
   */
  Limit evaluationLimit(InferenceModel m, long limit) {
    return spec(m).evaluationLimit(limit);
  }

  /** What the model's run recorded of its data (empty for a model of no run). */
  private static Map<String, Object> recordedData(InferenceModel m) {
    return m == null || m.checkpoint() == null
        ? Map.of()
        : m.checkpoint().run().readConfig().data();
  }

  /** The flags' data set, else the one the run recorded (in --data's folder when given). */
  private DataSpec spec(InferenceModel m) {
    Map<String, Object> recorded = recordedData(m);
    if (dataset != null) {
      return DataSetOptions.runDefaults(
          DataSpec.of(dataset, DataSetOptions.locate(dataset, data, recorded)), recorded);
    }
    if (recorded.get("dataset") == null) {
      throw new IllegalArgumentException(
          (m == null || m.checkpoint() == null ? "a SavedModel" : "the run")
              + " records no data set; give --dataset NAME (and --data DIR)");
    }
    return DataSetOptions.recordedSpec(m.checkpoint().run().root(), recorded, data);
  }
}
