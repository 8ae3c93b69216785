package dev.reslab.cli;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.metrics.ClassAccuracy;
import dev.reslab.analysis.metrics.ConfusedPair;
import dev.reslab.analysis.metrics.ConfusionMatrix;
import dev.reslab.analysis.metrics.LabelResult;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import dev.reslab.analysis.perclass.PerClassReport;
import dev.reslab.analysis.perclass.PerClassResult;
import dev.reslab.analysis.perclass.PerLabelReport;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Task;
import dev.reslab.model.inference.InferenceModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab per-class}: per-class accuracy, confusion matrix, best/worst classes, confusions,
 * gallery.
 */
@Command(
    name = "per-class",
    mixinStandardHelpOptions = true,
    description =
        "Per-class accuracy with Wilson 95 %% intervals, the confusion matrix (CSV, heatmaps of all and of "
            + "the first 20 classes), the top-k and bottom-k classes, the most-confused pairs and a gallery of "
            + "misclassified images. A multi-label run (CelebA) gets one row per label instead: its "
            + "positives, accuracy with a Wilson interval, precision, recall, F1 and ROC AUC.")
final class PerClassCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Mixin AnalysisDataOptions data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "N images, a fixed random subset; 0 for all (default: ${DEFAULT-VALUE})")
  long limit;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description =
          "classes in the top/bottom lists and confused pairs listed (default: ${DEFAULT-VALUE})")
  int k = 5;

  @Option(names = "--k", hidden = true)
  void oldK(int count) {
    OldSpelling.used("--k", "--top-k");
    k = count;
  }

  @Option(
      names = "--gallery",
      paramLabel = "N",
      defaultValue = "32",
      description = "misclassified images in the gallery (default: ${DEFAULT-VALUE})")
  int gallery;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    try (AnalysisModelOptions.OnData opened = modelOptions.openOn(data)) {
      ImageDataset ds = opened.dataset();
      if (ds.info().task() == Task.MULTI_LABEL) {
        perLabel(opened, o);
        o.flush();
        return 0;
      }
      ExplainableModel model = opened.model();
      List<String> names = ds.info().labelNames();
      if (names.size() != model.outputs()) {
        throw new IllegalArgumentException(
            "the model has "
                + model.outputs()
                + " outputs but "
                + ds.info().name()
                + " has "
                + names.size()
                + " classes");
      }
      PerClassResult result;
      try (DatasetBatches batches =
              DatasetBatches.of(ds, batchSize, data.evaluationLimit(opened.run(), limit));
          ProgressBar bar = ProgressBars.start("per-class", batches.examples(), "img", 1)) {
        result = PerClassReport.run(model::predict, batches, names.size(), gallery, bar::stepTo);
      }
      AnalysisProvenance.setAside(out);
      Map<String, Path> files =
          PerClassReport.write(result, names, out, k, ds.info().name() + "/" + data.split);
      ConfusionMatrix c = result.confusion();
      modelOptions.record(out, opened, data.facts(opened.run(), ds, c.total(), limit));
      o.printf(
          Locale.ROOT,
          "%s/%s: %d of %d correct (%.2f %%)%n",
          ds.info().name(),
          data.split,
          c.correct(),
          c.total(),
          100 * c.accuracy());
      printClasses(o, c, names, files.get("per_class"));
      o.println("most confused:");
      for (ConfusedPair p : c.mostConfusedPairs(k)) {
        o.printf(
            Locale.ROOT,
            "  %s -> %s: %d (%.1f %% of %s)%n",
            names.get(p.trueClass()),
            names.get(p.predictedClass()),
            p.count(),
            100 * p.fractionOfTrueClass(),
            names.get(p.trueClass()));
      }
      o.println("wrote " + String.join(", ", files.values().stream().map(Path::toString).toList()));
    }
    o.flush();
    return 0;
  }

  /**
   * A multi-label run (CelebA): every label is its own decision on every image, so one row per
   * label with its accuracy, precision, recall, F1 and AUC, instead of a confusion matrix.
   */
  private void perLabel(AnalysisModelOptions.OnData opened, PrintWriter o) {
    ImageDataset ds = opened.dataset();
    InferenceModel m = opened.run();
    if (m == null) {
      throw new IllegalArgumentException(
          ds.info().name() + " is multi-label: per-label results need a run, not a SavedModel");
    }
    List<String> names = ds.info().labelNames();
    MultiLabelMetrics metrics = new MultiLabelMetrics(names.size());
    PipelineOptions options =
        PipelineOptions.builder()
            .batchSize(batchSize)
            .normalization(modelOptions.normalization(m, ds.info().normalization()))
            .limit(data.evaluationLimit(m, limit))
            .build();
    ModelEvaluation.evaluate(m, ds, options, metrics);
    AnalysisProvenance.setAside(out);
    Map<String, Path> files = PerLabelReport.write(metrics, names, out);
    modelOptions.record(out, opened, data.facts(m, ds, metrics.count(), limit));
    Map<String, Double> r = metrics.results();
    o.printf(
        Locale.ROOT,
        "%s/%s: %d images × %d labels: %.2f %% of the label decisions right (every label absent:"
            + " %.2f %%), macro ROC AUC %.2f %% over %d labels%n",
        ds.info().name(),
        data.split,
        metrics.count(),
        names.size(),
        100 * r.get("accuracy"),
        100 * PerLabelReport.allAbsentAccuracy(metrics),
        100 * r.get("auc_macro"),
        names.size() - r.get("auc_undefined_labels").intValue());
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    o.printf(
        Locale.ROOT,
        "  %-" + width + "s %9s %9s %9s %9s %9s%n",
        "label",
        "positive",
        "accuracy",
        "precision",
        "recall",
        "AUC");
    for (LabelResult l : metrics.labelResults()) {
      o.printf(
          Locale.ROOT,
          "  %-" + width + "s %4d/%-4d %8.2f%% %8.2f%% %8.2f%% %9s%n",
          names.get(l.label()),
          l.positives(),
          l.positives() + l.negatives(),
          100 * l.accuracy(),
          100 * l.precision(),
          100 * l.recall(),
          l.aucDefined() ? String.format(Locale.ROOT, "%.2f%%", 100 * l.auc()) : "—");
    }
    o.println("wrote " + String.join(", ", files.values().stream().map(Path::toString).toList()));
  }

  /**
   * The classes that had images, all of them when they are few (up to {@value
   * PerClassReport#EXCERPT}), else the --top-k best and worst: a thousand ImageNet lines would bury
   * the summary, and per_class.csv holds them all.
   */
  private void printClasses(PrintWriter o, ConfusionMatrix c, List<String> names, Path table) {
    List<ClassAccuracy> seen = c.perClass().stream().filter(a -> a.total() > 0).toList();
    boolean excerpt = seen.size() > PerClassReport.EXCERPT;
    Map<String, List<ClassAccuracy>> groups = new LinkedHashMap<>();
    if (excerpt) {
      groups.put("best " + k + " classes:", c.topClasses(k));
      groups.put("worst " + k + " classes:", c.bottomClasses(k));
    } else {
      groups.put("", seen);
    }
    int width =
        groups.values().stream()
            .flatMap(List::stream)
            .mapToInt(a -> names.get(a.classIndex()).length())
            .max()
            .orElse(0);
    groups.forEach(
        (heading, classes) -> {
          if (!heading.isEmpty()) {
            o.println(heading);
          }
          for (ClassAccuracy a : classes) {
            o.printf(
                Locale.ROOT,
                "  %-" + width + "s %4d/%-4d %6.2f %%  [%.2f, %.2f]%n",
                names.get(a.classIndex()),
                a.correct(),
                a.total(),
                100 * a.accuracy(),
                100 * a.interval().lower(),
                100 * a.interval().upper());
          }
        });
    int unseen = names.size() - seen.size();
    if (excerpt || unseen > 0) {
      o.printf(
          "%s%s%n",
          excerpt ? "all " + seen.size() + " classes with images in " + table : "",
          unseen == 0
              ? ""
              : (excerpt ? "; " : "")
                  + unseen
                  + " of "
                  + names.size()
                  + " classes had no images here");
    }
  }
}
