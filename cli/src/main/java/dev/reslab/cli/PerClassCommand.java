package dev.reslab.cli;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.metrics.ClassAccuracy;
import dev.reslab.analysis.metrics.ConfusedPair;
import dev.reslab.analysis.metrics.ConfusionMatrix;
import dev.reslab.analysis.perclass.PerClassReport;
import dev.reslab.analysis.perclass.PerClassResult;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.data.ImageDataset;
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
            + "misclassified images.")
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
      try (DatasetBatches batches = new DatasetBatches(ds, batchSize, limit);
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
