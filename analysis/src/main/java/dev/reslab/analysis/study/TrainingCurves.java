package dev.reslab.analysis.study;

import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Figure;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * The epoch-by-epoch view of a training sweep (variants that differ in learning rate, batch size or
 * optimizer): every variant's curve of each metric in one figure, a per-epoch table per variant
 * with its best epoch, and the epoch where validation loss turns upward — the lowest validation
 * loss comes before the last epoch and rises after it, the usual sign of overfitting when training
 * loss keeps falling. Values are means over seeds.
 */
public final class TrainingCurves {
  private TrainingCurves() {}

  /**
   * One variant's curves.
   *
   * @param variant its name
   * @param epochs per epoch, each charted metric (mean over seeds)
   * @param bestEpoch the best epoch by the training's selection metric ({@code val_loss} unless
   *     chosen otherwise)
   * @param turn the first epoch after the lowest validation loss, if that comes before the last
   *     epoch
   * @param trainFalls whether training loss is still lower at the last epoch than at the lowest
   *     validation loss
   */
  public record VariantCurves(
      String variant,
      TreeMap<Integer, Map<String, Double>> epochs,
      int bestEpoch,
      OptionalInt turn,
      boolean trainFalls) {}

  /** Whether {@code plan} sweeps training hyperparameters (so this view applies). */
  public static boolean applies(StudyPlan plan) {
    return plan.variants().stream().anyMatch(v -> !v.training().isEmpty());
  }

  /**
   * The columns charted and tabled: losses, accuracy, macro precision, F1 and ROC AUC, as recorded.
   */
  public static List<String> columns(StudyResults results) {
    List<String> columns = new ArrayList<>();
    for (StudyResults.RunOutcome r : results.runs()) {
      for (String c : r.epochs().get(r.epochs().size() - 1).metrics().keySet()) {
        boolean charted =
            c.endsWith("loss")
                || c.endsWith("accuracy")
                || c.endsWith("precision_macro")
                || c.endsWith("f1_macro")
                || c.endsWith("auc_macro");
        if (charted && !columns.contains(c)) {
          columns.add(c);
        }
      }
    }
    return columns;
  }

  /** Every variant with a finished run, in plan order. */
  public static List<VariantCurves> of(StudyResults results) {
    List<String> columns = columns(results);
    String select = results.plan().training().select();
    boolean maximise = results.plan().training().selectMaximises();
    List<VariantCurves> curves = new ArrayList<>();
    for (StudyResults.VariantResult v : results.variants()) {
      TreeMap<Integer, Map<String, List<Double>>> values = new TreeMap<>();
      for (StudyResults.RunOutcome r : results.runs()) {
        if (r.variant().equals(v.name())) {
          for (var e : r.epochs()) {
            for (String c : columns) {
              values
                  .computeIfAbsent(e.epoch(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(c, k -> new ArrayList<>())
                  .add(e.get(c));
            }
          }
        }
      }
      TreeMap<Integer, Map<String, Double>> means = new TreeMap<>();
      values.forEach(
          (epoch, byColumn) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            byColumn.forEach((c, l) -> m.put(c, SampleSummary.of(l).mean()));
            means.put(epoch, m);
          });
      curves.add(
          new VariantCurves(
              v.name(), means, best(means, select, maximise), turn(means), trainFalls(means)));
    }
    return curves;
  }

  private static int best(
      TreeMap<Integer, Map<String, Double>> epochs, String metric, boolean maximise) {
    int best = epochs.firstKey();
    for (var e : epochs.entrySet()) {
      double v = e.getValue().getOrDefault(metric, Double.NaN);
      double b = epochs.get(best).getOrDefault(metric, Double.NaN);
      if (!Double.isNaN(v) && (Double.isNaN(b) || (maximise ? v > b : v < b))) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static int lowestValLoss(TreeMap<Integer, Map<String, Double>> epochs) {
    return best(epochs, "val_loss", false);
  }

  private static OptionalInt turn(TreeMap<Integer, Map<String, Double>> epochs) {
    if (epochs.values().stream().noneMatch(m -> m.containsKey("val_loss"))) {
      return OptionalInt.empty();
    }
    int low = lowestValLoss(epochs);
    Integer next = epochs.higherKey(low);
    return next == null ? OptionalInt.empty() : OptionalInt.of(next);
  }

  private static boolean trainFalls(TreeMap<Integer, Map<String, Double>> epochs) {
    if (!epochs.firstEntry().getValue().containsKey("val_loss")) {
      return false;
    }
    int low = lowestValLoss(epochs);
    return epochs.lastEntry().getValue().getOrDefault("train_loss", Double.NaN)
        < epochs.get(low).getOrDefault("train_loss", Double.NaN);
  }

  /**
   * One figure per column, every variant a line; the validation-loss figure marks where each curve
   * turns up.
   */
  public static Map<String, Path> charts(StudyResults results, Path dir) {
    Map<String, Path> charts = new LinkedHashMap<>();
    List<VariantCurves> curves = of(results);
    String seeds = results.plan().seeds().size() > 1 ? " (mean over seeds)" : "";
    for (String column : columns(results)) {
      List<Series> lines = new ArrayList<>();
      for (VariantCurves v : curves) {
        lines.add(
            Series.of(
                v.variant(),
                v.epochs().keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                v.epochs().values().stream()
                    .mapToDouble(m -> m.getOrDefault(column, Double.NaN))
                    .toArray()));
      }
      String label = column.replace('_', ' ');
      if (lines.stream().allMatch(s -> Arrays.stream(s.y()).allMatch(Double::isNaN))) {
        continue;
      }
      XYChart chart =
          XyPlot.chart(
              ChartSpec.of(label + " per epoch, every variant" + seeds, "epoch", label)
                  .withPalette(results.palette()),
              lines,
              XyPlot.Style.LINES);
      if (column.equals("val_loss")) {
        for (int i = 0; i < curves.size(); i++) {
          VariantCurves v = curves.get(i);
          if (v.turn().isPresent()) {
            int t = v.turn().getAsInt();
            XyPlot.mark(
                chart,
                v.variant(),
                v.variant() + ": turns up",
                t,
                v.epochs().get(t).get("val_loss"));
          }
        }
        chart.setTitle(label + " per epoch, every variant" + seeds + "; ▲ where it turns upward");
      }
      Path png = dir.resolve(column + "-curves.png");
      Figure.write(png, chart);
      charts.put(label + " per epoch, every variant", png);
    }
    return charts;
  }

  /** Headers of a variant's per-epoch table. */
  public static List<String> tableHeaders(StudyResults results) {
    List<String> h = new ArrayList<>(List.of("epoch"));
    h.addAll(columns(results));
    return h;
  }

  /**
   * A variant's per-epoch rows; the best epoch and the validation-loss turn are marked in the epoch
   * column.
   */
  public static List<List<String>> tableRows(StudyResults results, VariantCurves v) {
    List<List<String>> rows = new ArrayList<>();
    for (var e : v.epochs().entrySet()) {
      List<String> row = new ArrayList<>();
      String mark =
          (e.getKey() == v.bestEpoch() ? " (best)" : "")
              + (v.turn().isPresent() && v.turn().getAsInt() == e.getKey()
                  ? " ▲ val loss turns up"
                  : "");
      row.add(e.getKey() + mark);
      for (String c : columns(results)) {
        double x = e.getValue().getOrDefault(c, Double.NaN);
        row.add(Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.4f", x));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * One sentence per variant: best epoch, and where validation loss turns up while training loss
   * falls.
   */
  public static List<String> observations(StudyResults results) {
    List<String> notes = new ArrayList<>();
    String select = results.plan().training().select();
    for (VariantCurves v : of(results)) {
      String s =
          String.format(Locale.ROOT, "%s: best epoch %d by %s", v.variant(), v.bestEpoch(), select);
      if (v.turn().isPresent()) {
        int t = v.turn().getAsInt();
        s +=
            String.format(
                Locale.ROOT,
                "; validation loss is lowest at epoch %d and turns upward at epoch %d%s",
                v.epochs().lowerKey(t),
                t,
                v.trainFalls()
                    ? " while training loss keeps falling (overfitting from " + "there on)"
                    : " while training loss does not fall either");
      } else if (v.epochs().firstEntry().getValue().containsKey("val_loss")) {
        s += "; validation loss still falls at the last epoch";
      }
      notes.add(s + ".");
    }
    return notes;
  }

  /** The per-variant tables in Markdown. */
  public static String markdown(StudyResults results) {
    StringBuilder sb = new StringBuilder();
    List<String> headers = tableHeaders(results);
    for (VariantCurves v : of(results)) {
      sb.append("\n### ")
          .append(v.variant())
          .append("\n\n| ")
          .append(String.join(" | ", headers))
          .append(" |\n|---|");
      sb.append("---:|".repeat(headers.size() - 1)).append('\n');
      tableRows(results, v)
          .forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
    }
    return sb.toString();
  }
}
