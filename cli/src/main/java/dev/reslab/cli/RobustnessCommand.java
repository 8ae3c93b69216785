package dev.reslab.cli;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.analysis.robustness.Corruption;
import dev.reslab.analysis.robustness.RobustnessPlan;
import dev.reslab.analysis.robustness.RobustnessReport;
import dev.reslab.analysis.robustness.RobustnessTable;
import dev.reslab.analysis.robustness.SeverityTable;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Limit;
import dev.reslab.data.Task;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.Stem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab robustness}: accuracy on clean data and under every corruption × severity. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    description =
        "Accuracy on clean data and under Gaussian noise, salt-and-pepper noise and Gaussian blur at "
            + "severities 1-5 (ImageNet-C or CIFAR-10-C) or at direct parameters: a table with Wilson intervals and the "
            + "drop from clean, severity curves, a bar chart and a grid of example images.")
final class RobustnessCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Mixin AnalysisDataOptions data;

  @Option(
      names = "--severity-scale",
      paramLabel = "TABLE",
      description =
          "imagenet-c or cifar10-c (default: cifar10-c for a CIFAR stem, imagenet-c otherwise)")
  String severities;

  List<Integer> only;

  @Option(
      names = "--severities",
      paramLabel = "S,S,..",
      split = ",",
      description = "only these severities, 1-5 (default: all five)")
  void severities(List<String> values) {
    if (values.size() == 1
        && !values.get(0).isEmpty()
        && !Character.isDigit(values.get(0).charAt(0))) {
      OldSpelling.used(
          "--severities TABLE",
          "--severity-scale TABLE"); // the old meaning, told apart by its value
      severities = values.get(0);
      return;
    }
    only = new ArrayList<>();
    for (String v : values) {
      try {
        only.add(Integer.parseInt(v.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--severities takes levels 1-5, e.g. 1,3,5; got '" + v + "'");
      }
    }
  }

  @Option(names = "--severity", hidden = true, split = ",")
  void oldSeverity(List<String> values) {
    OldSpelling.used("--severity", "--severities");
    severities(values);
  }

  @Option(
      names = "--corruptions",
      paramLabel = "NAMES",
      split = ",",
      defaultValue = "gaussian_noise,salt_pepper,gaussian_blur",
      description = "gaussian_noise, salt_pepper (impulse), gaussian_blur (default: all three)")
  List<String> corruptions;

  @Option(
      names = "--parameters",
      paramLabel = "P,P,..",
      split = ",",
      description =
          "direct parameters instead of severities (noise sigma, flipped fraction or blur sigma), for "
              + "one corruption, e.g. --corruptions gaussian_noise --parameters 0.02,0.05,0.1")
  double[] parameters;

  @Option(
      names = "--sigma",
      paramLabel = "SIGMA",
      description = "one direct parameter, the same as --parameters SIGMA")
  Double sigma;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "seed of the random corruptions (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "N images, a fixed random subset; 0 for all (default: ${DEFAULT-VALUE})")
  long limit;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--baseline",
      paramLabel = "RUN",
      description =
          "a baseline model run through the same corruptions, for ImageNet-C's mean corruption error (mCE)")
  Path baseline;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  RobustnessPlan plan(Stem stem) {
    double[] direct = sigma != null ? new double[] {sigma} : parameters;
    if (direct != null) {
      if (corruptions.size() != 1) {
        throw new IllegalArgumentException(
            "direct parameters need exactly one corruption (--corruptions NAME), got "
                + String.join(",", corruptions));
      }
      return RobustnessPlan.parameters(corruptions.get(0), direct, seed);
    }
    SeverityTable table =
        severities != null
            ? SeverityTable.parse(severities)
            : stem == Stem.CIFAR ? SeverityTable.CIFAR10_C : SeverityTable.IMAGENET_C;
    List<Integer> levels = only == null ? List.of(1, 2, 3, 4, 5) : only;
    List<RobustnessPlan.Step> steps = new ArrayList<>();
    for (String name : corruptions) {
      for (int s : levels) {
        steps.add(
            new RobustnessPlan.Step(
                Corruption.of(name, table, s), s)); // severity 0 or 6 fails here
      }
    }
    return new RobustnessPlan(steps, seed);
  }

  /**
   * Runs one model over the clean images and every corrupted version of them, with a progress bar.
   */
  private RobustnessReport.Outcome run(
      ExplainableModel model, ImageDataset ds, Limit images, RobustnessPlan plan, String task) {
    try (DatasetBatches batches = DatasetBatches.of(ds, batchSize, images);
        ProgressBar bar = progress(task, batches, plan)) {
      return RobustnessReport.run(model::predict, batches, plan, 1, bar::stepTo);
    }
  }

  /**
   * A multi-label run (CelebA's 40 attributes): every version of the images scored as {@code eval}
   * scores such a run, by macro ROC AUC and mean per-label accuracy, against the clean images.
   */
  private void multiLabel(
      AnalysisModelOptions.OnData opened, RobustnessPlan plan, Limit images, PrintWriter o) {
    ImageDataset ds = opened.dataset();
    ExplainableModel model = opened.model();
    List<String> names = ds.info().labelNames();
    if (model.head() != Head.SIGMOID || model.outputs() != names.size()) {
      throw new IllegalArgumentException(
          String.format(
              "%s has %d labels, each its own yes or no; the model %s has %d %s outputs",
              ds.info().name(),
              names.size(),
              modelOptions.model,
              model.outputs(),
              model.head() == Head.SIGMOID ? "sigmoid" : "softmax"));
    }
    if (baseline != null) {
      throw new IllegalArgumentException(
          "the mean corruption error (mCE) compares top-1 errors of one class per image; "
              + ds.info().name()
              + " is multi-label, so robustness compares macro ROC AUC with the clean images"
              + " instead (leave out the baseline)");
    }
    RobustnessReport.MultiLabelOutcome outcome;
    try (DatasetBatches batches = DatasetBatches.anyTask(ds, batchSize, images);
        ProgressBar bar = progress("robustness", batches, plan)) {
      outcome =
          RobustnessReport.runMultiLabel(
              model::probabilities, batches, plan, names, 1, bar::stepTo);
    }
    AnalysisProvenance.setAside(out);
    Map<String, Path> files =
        RobustnessReport.write(
            outcome, out, ds.info().name() + "/" + data.split, opened.precisionFacts().effective());
    modelOptions.record(
        out, opened, data.facts(opened.run(), ds, outcome.table().clean().images(), limit));
    o.println(RobustnessReport.precisionLine(opened.precisionFacts().effective()));
    o.print(RobustnessReport.summaryMarkdown(outcome.table()));
    o.println();
    o.print(RobustnessReport.markdown(outcome.table()));
    o.println("wrote " + String.join(", ", files.values().stream().map(Path::toString).toList()));
  }

  private ProgressBar progress(String task, DatasetBatches batches, RobustnessPlan plan) {
    return ProgressBars.start(
        task + " (" + (plan.corruptions().size() + 1) + " versions of each image)",
        batches.examples(),
        "img",
        1);
  }

  /**
   * The --baseline run in the precision the model runs in: the mCE compares two models' errors, and
   * errors made in two precisions would mix the precision's effect into the models'.
   */
  private InferenceModel loadBaseline(InferenceModel m, ExplainableModel model, String precision) {
    InferenceModel b = InferenceModel.load(baseline, Precision.parse(precision));
    try {
      if (m != null && b.config().stem() != m.config().stem()
          || b.config().classes() != model.outputs()) {
        throw new IllegalArgumentException(
            "the baseline "
                + baseline
                + " must have the same stem and number of "
                + "outputs as the model (it sees the same images)");
      }
      String baselineRuns = b.sessionOptions().precision().toString();
      if (!baselineRuns.equals(precision)) {
        throw new IllegalArgumentException(
            "the baseline "
                + baseline
                + " runs in "
                + baselineRuns
                + " here ("
                + b.sessionOptions().fallback().orElse("its own precision")
                + ") but the model in "
                + precision
                + ": an mCE across two precisions mixes their effect into the models'; compare"
                + " both in "
                + baselineRuns
                + " (--precision "
                + baselineRuns
                + ")");
      }
      return b;
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
  }

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    try (AnalysisModelOptions.OnData opened = modelOptions.openOn(data)) {
      InferenceModel m = opened.run(); // null for a SavedModel
      ImageDataset ds = opened.dataset();
      // a SavedModel shows no stem: CIFAR-sized images take CIFAR-10-C's severities
      RobustnessPlan plan =
          plan(
              m != null
                  ? m.config().stem()
                  : ds.info().height() <= Stem.CIFAR.defaultInputSize()
                      ? Stem.CIFAR
                      : Stem.IMAGENET);
      ExplainableModel model = opened.model();
      // the baseline sees the same images
      Limit images = data.evaluationLimit(m, limit);
      if (ds.info().task() == Task.MULTI_LABEL) {
        multiLabel(opened, plan, images, o);
        o.flush();
        return 0;
      }
      String precision = opened.precisionFacts().effective();
      RobustnessReport.Outcome outcome;
      RobustnessTable base = null;
      AnalysisProvenance.ModelFacts baselineFacts = null;
      AnalysisProvenance.PrecisionFacts baselinePrecision = null;
      // loaded first, so a baseline that cannot be compared stops before the model's long pass
      try (InferenceModel b = baseline == null ? null : loadBaseline(m, model, precision)) {
        outcome = run(model, ds, images, plan, "robustness");
        if (b != null) {
          base =
              run(
                      modelOptions.explainable(b, ds.info().normalization()),
                      ds,
                      images,
                      plan,
                      "baseline")
                  .table();
          baselineFacts = AnalysisProvenance.ModelFacts.of(baseline, b.checkpoint());
          baselinePrecision = AnalysisProvenance.PrecisionFacts.of(b.sessionOptions());
        }
      }
      AnalysisProvenance.setAside(out);
      Map<String, Path> files =
          RobustnessReport.write(
              outcome, out, ds.info().name() + "/" + data.split, base, precision);
      modelOptions.record(
          out,
          opened.modelFacts(),
          baselineFacts,
          baselinePrecision,
          opened.precisionFacts(),
          data.facts(m, ds, outcome.table().clean().total(), limit),
          opened.normalizationFacts());
      o.println(
          RobustnessReport.precisionLine(precision + (base == null ? "" : ", the baseline too")));
      o.print(RobustnessReport.summaryMarkdown(outcome.table(), base));
      o.println();
      o.print(RobustnessReport.markdown(outcome.table()));
      o.println("wrote " + String.join(", ", files.values().stream().map(Path::toString).toList()));
    }
    o.flush();
    return 0;
  }
}
