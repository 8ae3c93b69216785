package dev.reslab.analysis.study;

import dev.reslab.analysis.plot.BarPlot;
import dev.reslab.analysis.plot.BarSeries;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Figure;
import dev.reslab.analysis.plot.ParallelCoordinates;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a tuning study as Optuna's visualisation module draws them: optimisation history,
 * parameter importances, slice plots, parallel coordinates and intermediate values, each as PNG and
 * SVG.
 */
public final class TuningCharts {
  /** Series names in the charts, for readers of the charts and tests. */
  static final String COMPLETE = "complete trials";

  static final String PRUNED = "pruned trials";
  static final String BEST = "best so far";

  /** Legends list every trial up to this many; beyond it the legend would hide the plot. */
  private static final int LEGEND_TRIALS = 24;

  /**
   * A chart written.
   *
   * @param png the PNG (the SVG is beside it, {@link Figure#svgOf})
   * @param caption what it shows
   */
  public record Chart(Path png, String caption) {}

  private TuningCharts() {}

  /**
   * Writes every chart that has data into {@code dir}, file names starting with {@code prefix}: the
   * history, intermediate values and slices need a trial with a value, the importances and parallel
   * coordinates two complete trials.
   */
  public static List<Chart> write(TuneResults r, Path dir, String prefix) {
    List<Chart> charts = new ArrayList<>();
    String metric = r.settings().metric();
    String better =
        (r.settings().maximize() ? "higher is better" : "lower is better")
            + (logMetric(r) ? "; log scale, as values span over 100×" : "");
    boolean anyValue = r.trials().stream().anyMatch(t -> Double.isFinite(t.value()));
    boolean twoComplete = PedAnova.complete(r.trials()).size() >= 2;
    List<Integer> failed =
        r.trials().stream().filter(t -> t.state() == Trial.State.FAIL).map(Trial::number).toList();
    if (anyValue) {
      charts.add(
          write(
              dir.resolve(prefix + "optimisation-history.png"),
              png -> Figure.write(png, history(r)),
              "optimisation history: "
                  + metric
                  + " of every trial in the order they ran ("
                  + better
                  + "), pruned trials at their last epoch, and the best complete trial so far"
                  + (failed.isEmpty() ? "" : "; failed trials, without a value: " + failed)));
    }
    if (twoComplete) {
      charts.add(
          write(
              dir.resolve(prefix + "param-importances.png"),
              png -> importances(r).write(png),
              "parameter importances by PED-ANOVA (Optuna's default evaluator): how differently "
                  + "each parameter is distributed among the top 10 % of complete trials than among "
                  + "all of them; shares of one"));
    }
    if (anyValue) {
      charts.add(
          write(
              dir.resolve(prefix + "slice.png"),
              png -> Figure.panels(slices(r), 2).write(png),
              "slice plots: "
                  + metric
                  + " against each parameter's value, one point per trial (log axes for "
                  + "log-scaled parameters; pruned trials at their last epoch)"));
    }
    if (twoComplete) {
      charts.add(
          write(
              dir.resolve(prefix + "parallel-coordinates.png"),
              png -> parallel(r).write(png),
              "parallel coordinates: one line per trial across its parameters and "
                  + metric
                  + ", darker for better complete trials; pruned trials dashed grey"));
    }
    if (r.trials().stream().anyMatch(t -> !t.intermediate().isEmpty())) {
      charts.add(
          write(
              dir.resolve(prefix + "intermediate-values.png"),
              png -> Figure.write(png, intermediate(r)),
              "intermediate values: "
                  + metric
                  + " after every epoch of every trial; pruned trials dashed, with a cross at the "
                  + "epoch the pruner stopped them"));
    }
    return charts;
  }

  /**
   * Whether the metric's axis is logarithmic: every value positive and the largest over 100 times
   * the smallest (a diverging trial's loss of thousands would flatten every other trial to a line).
   */
  static boolean logMetric(TuneResults r) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Trial t : r.trials()) {
      List<Double> values = new ArrayList<>(t.intermediate().values());
      values.add(t.value());
      for (double v : values) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return lo > 0 && hi > 100 * lo;
  }

  private static void logMetricAxis(TuneResults r, XYChart chart) {
    if (logMetric(r)) {
      chart.getStyler().setYAxisLogarithmic(true);
    }
  }

  private static Chart write(Path png, Consumer<Path> writer, String caption) {
    writer.accept(png);
    return new Chart(png, caption);
  }

  /** The value of each trial in order, pruned ones apart, and the best complete one so far. */
  static XYChart history(TuneResults r) {
    List<Series> series = new ArrayList<>();
    for (Trial.State s : List.of(Trial.State.COMPLETE, Trial.State.PRUNED)) {
      List<Trial> ts =
          r.trials().stream().filter(t -> t.state() == s && Double.isFinite(t.value())).toList();
      if (!ts.isEmpty()) {
        series.add(
            Series.of(
                s == Trial.State.COMPLETE ? COMPLETE : PRUNED,
                ts.stream().mapToDouble(Trial::number).toArray(),
                ts.stream().mapToDouble(Trial::value).toArray()));
      }
    }
    List<double[]> best = new ArrayList<>(r.bestSoFar());
    if (!best.isEmpty()) {
      // the staircase runs on to the last trial: the best stays the best through later trials
      double last = r.trials().stream().mapToInt(Trial::number).max().orElseThrow();
      double[] end = best.get(best.size() - 1);
      if (last > end[0]) {
        best.add(new double[] {last, end[1]});
      }
      series.add(
          Series.of(
              BEST,
              best.stream().mapToDouble(p -> p[0]).toArray(),
              best.stream().mapToDouble(p -> p[1]).toArray()));
    }
    XYChart chart =
        XyPlot.chart(
            ChartSpec.of(
                "optimisation history (" + r.settings().sampler().name() + " sampler)",
                "trial",
                r.settings().metric()),
            series,
            XyPlot.Style.POINTS);
    logMetricAxis(r, chart);
    XYSeries pruned = chart.getSeriesMap().get(PRUNED);
    if (pruned != null) {
      pruned.setMarker(SeriesMarkers.CROSS);
    }
    XYSeries bestLine = chart.getSeriesMap().get(BEST);
    if (bestLine != null) {
      // the running best is a staircase, not a scatter
      bestLine.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
      bestLine.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  private static Figure importances(TuneResults r) {
    Map<String, Double> imp = r.importances();
    return BarPlot.figure(
        ChartSpec.of(
                "parameter importances (PED-ANOVA)",
                "parameter",
                "importance for " + r.settings().metric())
            .withSize(700, 460),
        List.copyOf(imp.keySet()),
        List.of(BarSeries.of("importance", imp.values().stream().mapToDouble(d -> d).toArray())));
  }

  /** One panel per parameter: the metric against its value, complete and pruned trials apart. */
  static List<XYChart> slices(TuneResults r) {
    List<XYChart> panels = new ArrayList<>();
    for (SearchSpace.Param p : r.settings().space().params()) {
      List<Series> series = new ArrayList<>();
      for (Trial.State s : List.of(Trial.State.COMPLETE, Trial.State.PRUNED)) {
        List<Trial> ts =
            r.trials().stream()
                .filter(
                    t ->
                        t.state() == s
                            && Double.isFinite(t.value())
                            && t.params().containsKey(p.name()))
                .toList();
        if (!ts.isEmpty()) {
          series.add(
              Series.of(
                  s == Trial.State.COMPLETE ? COMPLETE : PRUNED,
                  ts.stream().mapToDouble(t -> position(p, t.params().get(p.name()))).toArray(),
                  ts.stream().mapToDouble(Trial::value).toArray()));
        }
      }
      if (series.isEmpty()) {
        continue;
      }
      XYChart chart =
          XyPlot.chart(
              ChartSpec.of(p.name(), p.name(), r.settings().metric()).withSize(560, 380),
              series,
              XyPlot.Style.POINTS);
      logMetricAxis(r, chart);
      XYSeries pruned = chart.getSeriesMap().get(PRUNED);
      if (pruned != null) {
        pruned.setMarker(SeriesMarkers.CROSS);
      }
      if (p instanceof SearchSpace.LogUniform l) {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(l.low()).setXAxisMax(l.high());
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
      } else {
        List<String> choices = ((SearchSpace.Choice) p).values();
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(choices.size() - 0.5);
        // a tick per choice; XChart drops every label unless all are distinct, so the ticks
        // between choices get distinct invisible (zero-width) labels
        chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(40, 400 / choices.size()));
        chart.setCustomXAxisTickLabelsFormatter(
            x -> {
              long i = Math.round(x);
              return Math.abs(x - i) < 1e-9 && i >= 0 && i < choices.size()
                  ? choices.get((int) i)
                  : "\u200b".repeat(1 + (int) Math.abs(Math.round(8 * x)));
            });
      }
      chart.getStyler().setLegendVisible(panels.isEmpty() && series.size() > 1);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
      panels.add(chart);
    }
    return panels;
  }

  /** A parameter's value on its chart axis: the number itself, or a choice's position. */
  private static double position(SearchSpace.Param p, String value) {
    return p instanceof SearchSpace.Choice c
        ? c.values().indexOf(value)
        : Double.parseDouble(value);
  }

  private static Figure parallel(TuneResults r) {
    List<Trial> shown = r.trials().stream().filter(Trial::finished).toList();
    List<ParallelCoordinates.Axis> axes = new ArrayList<>();
    for (SearchSpace.Param p : r.settings().space().params()) {
      double[] v =
          shown.stream()
              .mapToDouble(
                  t ->
                      t.params().containsKey(p.name())
                          ? position(p, t.params().get(p.name()))
                          : Double.NaN)
              .toArray();
      axes.add(
          p instanceof SearchSpace.Choice c
              ? ParallelCoordinates.Axis.categorical(p.name(), v, c.values())
              : ParallelCoordinates.Axis.numeric(p.name(), v, true));
    }
    axes.add(
        ParallelCoordinates.Axis.numeric(
            r.settings().metric(),
            shown.stream().mapToDouble(Trial::value).toArray(),
            logMetric(r)));
    boolean[] muted = new boolean[shown.size()];
    for (int i = 0; i < muted.length; i++) {
      muted[i] = shown.get(i).state() == Trial.State.PRUNED;
    }
    return ParallelCoordinates.figure(
        new ChartSpec(
            "parallel coordinates (" + shown.size() + " trials)",
            "",
            r.settings().metric(),
            Math.max(900, 170 * axes.size() + 220),
            560),
        axes,
        axes.size() - 1,
        r.settings().maximize(),
        muted);
  }

  /** Every trial's per-epoch values as a line; pruned trials dashed with a cross at their end. */
  static XYChart intermediate(TuneResults r) {
    List<Trial> shown = r.trials().stream().filter(t -> !t.intermediate().isEmpty()).toList();
    List<Series> series = new ArrayList<>();
    for (Trial t : shown) {
      series.add(
          Series.of(
              label(t),
              t.intermediate().keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
              t.intermediate().values().stream().mapToDouble(Double::doubleValue).toArray()));
    }
    XYChart chart =
        XyPlot.chart(
            ChartSpec.of("intermediate values", "epoch", r.settings().metric()),
            series,
            XyPlot.Style.LINES);
    for (int i = 0; i < shown.size(); i++) {
      Trial t = shown.get(i);
      XYSeries line = chart.getSeriesMap().get(label(t));
      if (line == null) {
        continue; // every value NaN
      }
      line.setMarker(SeriesMarkers.NONE);
      // XChart varies the line style itself once colours repeat: only pruned trials are dashed
      line.setLineStyle(SeriesLines.SOLID);
      if (t.state() == Trial.State.PRUNED) {
        line.setLineStyle(SeriesLines.DASH_DASH);
        var last = t.intermediate().lastEntry();
        if (Double.isFinite(last.getValue())) {
          XyPlot.mark(
              chart,
              label(t),
              label(t) + " stop",
              last.getKey(),
              last.getValue(),
              SeriesMarkers.CROSS);
        }
      }
    }
    logMetricAxis(r, chart);
    chart.getStyler().setLegendVisible(shown.size() <= LEGEND_TRIALS);
    return chart;
  }

  private static String label(Trial t) {
    return "trial "
        + t.number()
        + switch (t.state()) {
          case PRUNED -> " (pruned)";
          case FAIL -> " (failed)";
          case RUNNING, WAITING -> " (" + t.state().name().toLowerCase(Locale.ROOT) + ")";
          case COMPLETE -> "";
        };
  }
}
