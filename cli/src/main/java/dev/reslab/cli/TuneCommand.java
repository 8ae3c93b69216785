package dev.reslab.cli;

import dev.reslab.analysis.runs.SeenValidation;
import dev.reslab.analysis.study.MedianPruner;
import dev.reslab.analysis.study.OptunaExport;
import dev.reslab.analysis.study.Sampler;
import dev.reslab.analysis.study.SearchSpace;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyInit;
import dev.reslab.analysis.study.TuneResults;
import dev.reslab.analysis.study.TuneSettings;
import dev.reslab.analysis.study.Tuner;
import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab tune}: hyperparameter search with random or TPE sampling and median pruning. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Hyperparameter search over learning rate (log range), batch size, optimizer and weight decay, "
          + "with random or TPE sampling and median pruning on the per-epoch validation metric.",
      "Trials are kept in STUDY/study.db (SQLite) or the database --storage names (a JDBC URL; a PostgreSQL study "
          + "can be shared by several processes). Run the same command again to resume a killed study.",
      "Example: reslab tune --dataset synthetic --width-factor 0.125 --epochs 3 --trials 12 --out studies/tune"
    })
final class TuneCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "STUDY", required = true, description = "study directory")
  Path out;

  @Option(
      names = "--trials",
      paramLabel = "N",
      defaultValue = "20",
      description = "trials in total (default: " + "${DEFAULT-VALUE})")
  int trials;

  @Option(
      names = "--sampler",
      paramLabel = "NAME",
      defaultValue = "tpe",
      description = "tpe or random (default: ${DEFAULT-VALUE})")
  String sampler;

  @Option(
      names = "--sampler-seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "default: ${DEFAULT-VALUE}")
  long samplerSeed;

  @Option(
      names = "--storage",
      paramLabel = "JDBC_URL",
      description =
          "trial database, e.g. jdbc:postgresql://host/db?user=u, password from PGPASSWORD or ~/.pgpass "
              + "(default: jdbc:sqlite:STUDY/study.db)")
  String storage;

  @Option(
      names = "--study-name",
      paramLabel = "NAME",
      description = "study name in the database (default: the " + "study directory's name)")
  String studyName;

  @Option(
      names = "--lr-range",
      paramLabel = "LOW:HIGH",
      defaultValue = "1e-4:1e-1",
      description = "learning-rate range, sampled on a log scale (default: ${DEFAULT-VALUE})")
  String lrRange;

  @Option(
      names = "--batch-sizes",
      paramLabel = "B,..",
      split = ",",
      defaultValue = "32,64,128",
      description = "batch sizes to choose from (default: ${DEFAULT-VALUE})")
  List<Integer> batchSizes;

  @Option(
      names = "--optimizers",
      paramLabel = "NAME,..",
      split = ",",
      defaultValue = "adam,sgd",
      description = "optimizers to choose from (default: ${DEFAULT-VALUE}; SGD uses momentum 0.9)")
  List<String> optimizers;

  @Option(
      names = "--wd-range",
      paramLabel = "LOW:HIGH",
      defaultValue = "1e-6:1e-2",
      description = "weight-decay range on a log scale, or 'none' (default: ${DEFAULT-VALUE})")
  String wdRange;

  @Option(
      names = "--metric",
      paramLabel = "COLUMN",
      description =
          "per-epoch column to optimise; losses are minimised (default: val_accuracy, and"
              + " val_auc_macro on multi-label data such as CelebA, where accuracy mostly counts"
              + " absent labels)")
  String metric;

  @Option(names = "--no-pruning", description = "train every trial to the end")
  boolean noPruning;

  @Option(
      names = "--prune-after",
      paramLabel = "TRIALS",
      defaultValue = "4",
      description = "finished trials needed before pruning starts (default: ${DEFAULT-VALUE})")
  int pruneStartup;

  @Option(
      names = "--keep-all",
      description = "keep every trial's checkpoints (default: only the best trial's)")
  boolean keepAll;

  @Option(
      names = "--export-optuna",
      paramLabel = "FILE",
      description =
          "also write the study as an SQLite file in Optuna's own schema, for optuna.load_study("
              + "storage=\"sqlite:///FILE\"), optuna.visualization and optuna-dashboard")
  Path exportOptuna;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data:%n")
  DataOptions data;

  @Mixin ModelOptions model;

  @Mixin TrainingOptions training;

  @Mixin InitOptions init;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (trials < 1) {
      throw new IllegalArgumentException("--trials must be at least 1, got " + trials);
    }
    refuseSearchedSettings();
    InitOptions.Start start = init.start(model, data.toSpec());
    DataSpec dataSpec = start.data();
    String optimised = metric != null ? metric : StudyOptions.defaultMetric(dataSpec);
    ResNetConfig base = start.model();
    SearchSpace space =
        SearchSpace.of(
            range(lrRange, "--lr-range"),
            batchSizes,
            optimizers,
            wdRange.trim().equalsIgnoreCase("none") ? null : range(wdRange, "--wd-range"));
    String name =
        studyName != null ? studyName : out.toAbsolutePath().normalize().getFileName().toString();
    TuneSettings settings =
        TuneSettings.builder(name, space)
            .trials(trials)
            .sampler(Sampler.named(sampler))
            .seed(samplerSeed)
            .metric(optimised)
            .pruner(noPruning ? null : new MedianPruner(pruneStartup, 0))
            .keepAll(keepAll)
            .init(
                start.weights() == null
                    ? null
                    : StudyInit.of(start.weights(), init.reinitialised()))
            .build();
    var console = spec.commandLine().getOut();
    if (settings.init() != null) {
      console.println(settings.init().describe("trial"));
      SeenValidation.warning(start.weights().provenance(), dataSpec, base)
          .ifPresent(w -> console.println("warning: " + w));
    }
    console.printf(
        "tuning %s: %d trials, %s sampler, %s; optimising %s%n",
        name, trials, sampler, space.describe(), optimised);
    console.flush();
    TuneResults results =
        Tuner.run(
            base,
            training.toConfig(),
            new StudyData(dataSpec, dataSpec.subsetSeed()),
            out,
            storage,
            settings,
            new StudyProgress(console));
    console.println();
    console.print(results.markdown());
    console.printf(
        "%nTables and charts: %s (trials.csv, trials.md, tuning.json; optimisation history, "
            + "parameter importances, slices, parallel coordinates, intermediate values as PNG "
            + "and SVG); reslab report %s makes the report%n",
        out, out);
    if (exportOptuna != null) {
      OptunaExport.write(exportOptuna, settings, results.trials());
      console.printf(
          "Optuna study '%s': %s (optuna.load_study(study_name=\"%s\", storage=\"sqlite:///%s\"))%n",
          name, exportOptuna, name, exportOptuna.toAbsolutePath());
    }
    console.flush();
    return 0;
  }

  private static double[] range(String text, String flag) {
    String[] parts = text.split(":");
    try {
      if (parts.length == 2) {
        return new double[] {
          Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())
        };
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        flag + " takes LOW:HIGH, e.g. 1e-4:1e-1, got '" + text + "'");
  }

  /**
   * A training setting that the search chooses would be overridden in every trial: say which search
   * flag sets it instead of ignoring it.
   */
  private void refuseSearchedSettings() {
    var parsed = spec.commandLine().getParseResult();
    Map<String, String> searched = new LinkedHashMap<>();
    searched.put("--lr", "the learning rate is searched in --lr-range LOW:HIGH");
    searched.put(
        "--batch-size", "the batch size is chosen from --batch-sizes (give one to fix it)");
    searched.put("--optimizer", "the optimizer is chosen from --optimizers (give one to fix it)");
    if (!wdRange.trim().equalsIgnoreCase("none")) {
      searched.put(
          "--weight-decay",
          "the weight decay is searched in --wd-range LOW:HIGH (--wd-range none trains with"
              + " --weight-decay)");
    }
    for (Map.Entry<String, String> e : searched.entrySet()) {
      if (parsed.hasMatchedOption(e.getKey())) {
        throw new IllegalArgumentException(
            e.getKey() + " would be ignored by tune: " + e.getValue());
      }
    }
  }
}
