package dev.reslab.analysis.study;

import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trials of a tuning study: the best complete trial, a table, and the optimisation history.
 *
 * @param settings how the study searched
 * @param trials every trial, by number
 */
public record TuneResults(TuneSettings settings, List<Trial> trials) {

  /** The best complete trial (pruned trials stopped early and are not candidates). */
  public Optional<Trial> best() {
    Comparator<Trial> c = Comparator.comparingDouble(Trial::value);
    return trials.stream()
        .filter(t -> t.state() == Trial.State.COMPLETE && !Double.isNaN(t.value()))
        .max(settings.maximize() ? c : c.reversed());
  }

  /** Names of the hyperparameters, in the space's order. */
  public List<String> paramNames() {
    return settings.space().params().stream().map(SearchSpace.Param::name).toList();
  }

  public List<String> tableHeaders() {
    List<String> h = new ArrayList<>(List.of("trial", "state"));
    h.addAll(paramNames());
    h.addAll(List.of(settings.metric(), "epochs"));
    return h;
  }

  public List<List<String>> tableRows() {
    Optional<Trial> best = best();
    List<List<String>> rows = new ArrayList<>();
    for (Trial t : trials) {
      List<String> row = new ArrayList<>();
      row.add(
          t.number() + (best.isPresent() && best.get().number() == t.number() ? " (best)" : ""));
      row.add(t.state().name().toLowerCase(Locale.ROOT));
      paramNames().forEach(p -> row.add(t.params().getOrDefault(p, "")));
      row.add(Double.isNaN(t.value()) ? "—" : String.format(Locale.ROOT, "%.4f", t.value()));
      row.add(Integer.toString(t.intermediate().size()));
      rows.add(row);
    }
    return rows;
  }

  public String csv() {
    List<String> headers = new ArrayList<>(List.of("trial", "state"));
    headers.addAll(paramNames());
    headers.addAll(List.of(settings.metric(), "epochs", "run"));
    CsvWriter csv = new CsvWriter(headers);
    for (Trial t : trials) {
      List<Object> row =
          new ArrayList<>(List.of(t.number(), t.state().name().toLowerCase(Locale.ROOT)));
      paramNames().forEach(p -> row.add(t.params().getOrDefault(p, "")));
      row.add(t.value());
      row.add(t.intermediate().size());
      row.add(t.runDir());
      csv.row(row);
    }
    return csv.text();
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", tableHeaders()) + " |\n|");
    tableHeaders().forEach(h -> sb.append("---|"));
    sb.append('\n');
    tableRows().forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
    best()
        .ifPresent(
            b ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%nBest: trial %d, %s = %.4f with %s; run directory " + "`%s`.%n",
                        b.number(),
                        settings.metric(),
                        b.value(),
                        b.params(),
                        b.runDir())));
    return sb.toString();
  }

  /** Writes trials.csv, trials.md and optimisation-history.png into {@code dir}. */
  public void write(Path dir) {
    AtomicFiles.writeString(dir.resolve("trials.csv"), csv());
    AtomicFiles.writeString(dir.resolve("trials.md"), markdown());
    List<Trial> done = trials.stream().filter(t -> !Double.isNaN(t.value())).toList();
    if (done.isEmpty()) {
      return;
    }
    List<Series> series = new ArrayList<>();
    for (Trial.State s : List.of(Trial.State.COMPLETE, Trial.State.PRUNED)) {
      List<Trial> ts = done.stream().filter(t -> t.state() == s).toList();
      if (!ts.isEmpty()) {
        series.add(
            Series.of(
                s.name().toLowerCase(Locale.ROOT) + " trials",
                ts.stream().mapToDouble(Trial::number).toArray(),
                ts.stream().mapToDouble(Trial::value).toArray()));
      }
    }
    List<Trial> complete = done.stream().filter(t -> t.state() == Trial.State.COMPLETE).toList();
    if (!complete.isEmpty()) {
      double[] x = complete.stream().mapToDouble(Trial::number).toArray();
      double[] y = new double[x.length];
      double best = Double.NaN;
      for (int i = 0; i < y.length; i++) {
        double v = complete.get(i).value();
        best = Double.isNaN(best) ? v : settings.maximize() ? Math.max(best, v) : Math.min(best, v);
        y[i] = best;
      }
      series.add(Series.of("best so far", x, y));
    }
    var chart =
        XyPlot.chart(
            ChartSpec.of(
                "optimisation history (" + settings.sampler().name() + " sampler)",
                "trial",
                settings.metric()),
            series,
            XyPlot.Style.POINTS);
    var bestLine = chart.getSeriesMap().get("best so far");
    if (bestLine != null) {
      // the running best is a staircase, not a scatter
      bestLine.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Step);
    }
    dev.reslab.analysis.plot.Figure.write(dir.resolve("optimisation-history.png"), chart);
  }
}
