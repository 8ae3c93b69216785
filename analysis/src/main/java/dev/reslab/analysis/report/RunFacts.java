package dev.reslab.analysis.report;

import dev.reslab.analysis.study.StudyData;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a report needs of a run directory, read once: its configuration, metrics, parameters, best
 * epoch, the data description, and result files other commands left in it (PNG charts and images,
 * CSV tables).
 *
 * @param dir the run directory
 * @param name a short name for headings and file names
 * @param config its {@code config.json}
 * @param epochs its metrics per epoch
 * @param bestEpoch the selected epoch, if any
 * @param parameters trainable parameters
 * @param data its data description, or null for imported weights (never trained here)
 * @param images PNG files other commands wrote into it (Grad-CAM grids, robustness bars, confusion
 *     heatmaps …)
 * @param tables CSV files besides metrics.csv
 */
public record RunFacts(
    Path dir,
    String name,
    RunConfig config,
    List<EpochResult> epochs,
    Optional<Integer> bestEpoch,
    long parameters,
    StudyData data,
    List<Path> images,
    List<Path> tables) {

  public static RunFacts read(Path dir, String name) {
    RunDirectory run = RunDirectory.open(dir);
    RunConfig config = run.readConfig();
    List<Path> images = results(dir, ".png");
    List<Path> tables =
        results(dir, ".csv").stream()
            .filter(p -> !p.getFileName().toString().equals("metrics.csv"))
            .toList();
    return new RunFacts(
        dir,
        name,
        config,
        run.readMetrics(),
        run.bestEpoch(),
        ModelSummary.of(config.model()).parameters(),
        config.data().containsKey("dataset") ? StudyData.fromMap(config.data()) : null,
        images,
        tables);
  }

  /** Whether the model has a sigmoid head over independent labels. */
  public boolean multiLabel() {
    return config.model().head() == Head.SIGMOID;
  }

  /** Imported weights: no training and no data of its own. */
  public boolean imported() {
    return config.training() == null;
  }

  /**
   * Result files in the run directory and its sub-folders, not in checkpoints, TensorBoard logs or
   * SavedModels.
   */
  private static List<Path> results(Path dir, String suffix) {
    return FolderFiles.find(dir, 3, suffix, Set.of("checkpoints", "tensorboard", "saved_model"));
  }

  /**
   * Folders inside the run directory that hold an {@value AnalysisProvenance#FILE} (analyses
   * written into the run), sorted.
   */
  static List<Path> analysisFolders(Path dir) {
    return results(dir, AnalysisProvenance.FILE).stream()
        .filter(p -> p.getFileName().toString().equals(AnalysisProvenance.FILE))
        .map(Path::getParent)
        .toList();
  }

  /**
   * The metric that picked the best epoch: the configured one, or (as the trainer falls back) its
   * {@code train_} twin when the run had no validation data, said so.
   */
  public String selectedBy() {
    String select = config.training().select();
    if (select.startsWith("val_")
        && !epochs.isEmpty()
        && !epochs.get(0).metrics().containsKey(select)
        && epochs.get(0).metrics().containsKey("train_" + select.substring(4))) {
      return "train_" + select.substring(4) + " (no validation data)";
    }
    return select;
  }

  /** The best epoch's row, else the last. */
  public Optional<EpochResult> selected() {
    if (epochs.isEmpty()) {
      return Optional.empty();
    }
    return bestEpoch
        .flatMap(b -> epochs.stream().filter(e -> e.epoch() == b).findFirst())
        .or(() -> Optional.of(epochs.get(epochs.size() - 1)));
  }

  /**
   * The headline metric: validation accuracy for classes, macro ROC AUC for labels, else the loss.
   */
  public String headline() {
    EpochResult last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    // A multi-label run records an accuracy too, but it counts label decisions: on CelebA, where
    // most attributes are rare, predicting no attribute at all scores ~80 %.
    List<String> order =
        multiLabel()
            ? List.of("val_auc_macro", "val_accuracy", "train_auc_macro", "train_accuracy")
            : List.of("val_accuracy", "val_auc_macro", "train_accuracy", "train_auc_macro");
    for (String m : Stream.concat(order.stream(), Stream.of("val_loss")).toList()) {
      if (last != null && last.metrics().containsKey(m)) {
        return m;
      }
    }
    return "train_loss";
  }
}
