package dev.reslab.analysis.study;

import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The trials of a tuning study: the best complete trial, the running best, parameter importances, a
 * table, and the charts.
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

  /**
   * The running best: for each complete trial with a value, in order, its number and the best value
   * of the complete trials up to it (pruned trials stopped early and do not count).
   */
  public List<double[]> bestSoFar() {
    List<double[]> points = new ArrayList<>();
    double best = Double.NaN;
    for (Trial t : trials) {
      if (t.state() == Trial.State.COMPLETE && Double.isFinite(t.value())) {
        double v = t.value();
        best = Double.isNaN(best) ? v : settings.maximize() ? Math.max(best, v) : Math.min(best, v);
        points.add(new double[] {t.number(), best});
      }
    }
    return points;
  }

  /** Parameter importances by {@link PedAnova}, most important first, summing to one. */
  public Map<String, Double> importances() {
    return PedAnova.importances(settings.space(), trials, settings.maximize());
  }

  /**
   * Writes trials.csv, trials.md, tuning.json and the charts ({@link TuningCharts}) into {@code
   * dir}.
   */
  public List<TuningCharts.Chart> write(Path dir) {
    AtomicFiles.writeString(dir.resolve("trials.csv"), csv());
    AtomicFiles.writeString(dir.resolve("trials.md"), markdown());
    TuningFile.write(dir, this);
    return TuningCharts.write(this, dir, "");
  }
}
