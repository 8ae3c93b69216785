package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.analysis.plot.Figure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The tuning report's numbers and charts on a hand-written study whose value depends on the
 * learning rate alone (peaked at 10^-2.5), with pruned and failed trials.
 */
public class TuningReportTest {
  @TempDir Path tmp;

  static final SearchSpace SPACE = TuningPartsTest.SPACE;

  /**
   * 20 trials: lr spread over its range, batch size and optimizer cycling independently of it; the
   * value is 0.9 − 0.1·(log10 lr + 2.5)²; trials 6 and 13 pruned after one epoch, trial 9 failed.
   */
  public static TuneResults fixture() {
    List<Trial> trials = new ArrayList<>();
    String[] batches = {"32", "64", "128"};
    String[] optimizers = {"adam", "sgd"};
    for (int n = 1; n <= 20; n++) {
      // a fixed scrambled order of 20 points over log10 lr in [-5, -1]
      double log10 = -5 + 4 * ((n * 7) % 20) / 19.0;
      Map<String, String> params = new LinkedHashMap<>();
      params.put("lr", SearchSpace.LogUniform.text(Math.pow(10, log10)));
      params.put("batch_size", batches[n % 3]);
      params.put("optimizer", optimizers[(n / 3) % 2]);
      params.put("weight_decay", SearchSpace.LogUniform.text(Math.pow(10, -6 + (n % 5))));
      double value = 0.9 - 0.1 * (log10 + 2.5) * (log10 + 2.5);
      TreeMap<Integer, Double> epochs = new TreeMap<>();
      Trial.State state = Trial.State.COMPLETE;
      if (n == 6 || n == 13) {
        state = Trial.State.PRUNED;
        value = value / 2;
        epochs.put(1, value);
      } else if (n == 9) {
        state = Trial.State.FAIL;
        value = Double.NaN;
        epochs.put(1, Double.NaN);
      } else {
        epochs.put(1, value / 2);
        epochs.put(2, value * 0.8);
        epochs.put(3, value);
      }
      trials.add(new Trial(n, state, params, value, epochs, "trials/trial-" + n, "h:1"));
    }
    TuneSettings settings =
        TuneSettings.builder("fixture", SPACE).trials(20).pruner(new MedianPruner(4, 0)).build();
    return new TuneResults(settings, trials);
  }

  @Test
  void bestSoFarIsTheRunningMaximumOfCompleteTrials() {
    TuneResults r = fixture();
    List<double[]> best = r.bestSoFar();
    // plain loop over the complete trials
    List<double[]> expected = new ArrayList<>();
    double b = Double.NEGATIVE_INFINITY;
    for (Trial t : r.trials()) {
      if (t.state() == Trial.State.COMPLETE) {
        b = Math.max(b, t.value());
        expected.add(new double[] {t.number(), b});
      }
    }
    assertEquals(17, best.size(), "20 trials less 2 pruned and 1 failed");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), best.get(i), 0);
    }
    // by hand: trial 1 sits at log10 lr = -5 + 28/19, the first values climb toward the peak
    assertEquals(0.9 - 0.1 * Math.pow(-5 + 4 * 7 / 19.0 + 2.5, 2), best.get(0)[1], 1e-12);
    assertEquals(r.best().orElseThrow().value(), best.get(best.size() - 1)[1], 0);
    for (int i = 1; i < best.size(); i++) {
      assertTrue(best.get(i)[1] >= best.get(i - 1)[1]);
    }
  }

  @Test
  void lrIsTheMostImportantParameterByPedAnovaAndByAPlainVarianceSplit() {
    TuneResults r = fixture();
    Map<String, Double> imp = r.importances();
    assertEquals(List.of("lr", "batch_size", "optimizer", "weight_decay").size(), imp.size());
    assertEquals(1.0, imp.values().stream().mapToDouble(d -> d).sum(), 1e-12);
    List<String> ranked = List.copyOf(imp.keySet());
    assertEquals("lr", ranked.get(0), imp.toString());
    assertTrue(imp.get("lr") > 0.5, imp.toString());
    // a plain computation: share of the variance of complete trials' values explained by each
    // parameter's groups (lr in 4 log bins, the others by value)
    List<Trial> complete = PedAnova.complete(r.trials());
    Map<String, Double> eta = new LinkedHashMap<>();
    for (String p : r.paramNames()) {
      Map<String, List<Double>> groups = new TreeMap<>();
      for (Trial t : complete) {
        String key = t.params().get(p);
        if (p.equals("lr")) {
          key = String.valueOf((int) Math.floor(Math.log10(Double.parseDouble(key))));
        }
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t.value());
      }
      double mean = complete.stream().mapToDouble(Trial::value).average().orElseThrow();
      double total = complete.stream().mapToDouble(t -> Math.pow(t.value() - mean, 2)).sum();
      double between = 0;
      for (List<Double> g : groups.values()) {
        double m = g.stream().mapToDouble(d -> d).average().orElseThrow();
        between += g.size() * (m - mean) * (m - mean);
      }
      eta.put(p, between / total);
    }
    String plainFirst =
        eta.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertEquals(plainFirst, ranked.get(0), "η² " + eta + " vs PED-ANOVA " + imp);
  }

  @Test
  void aLossIsMinimisedEverywhere() throws Exception {
    TuneResults acc = fixture();
    List<Trial> losses =
        acc.trials().stream()
            .map(
                t ->
                    new Trial(
                        t.number(),
                        t.state(),
                        t.params(),
                        1 - t.value(),
                        new TreeMap<>(t.intermediate()),
                        t.runDir(),
                        t.owner()))
            .toList();
    TuneSettings s = acc.settings();
    TuneResults loss = new TuneResults(s.toBuilder().metric("val_loss").build(), losses);
    assertFalse(loss.settings().maximize());
    // 1 − value turns the running maximum into the running minimum, trial by trial
    List<double[]> a = acc.bestSoFar();
    List<double[]> b = loss.bestSoFar();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i)[0], b.get(i)[0], 0);
      assertEquals(1 - a.get(i)[1], b.get(i)[1], 1e-12);
    }
    assertEquals(acc.best().orElseThrow().number(), loss.best().orElseThrow().number());
    // the same trials lead, so the same importances
    acc.importances().forEach((p, v) -> assertEquals(v, loss.importances().get(p), 1e-12, p));
    assertEquals(5, loss.write(tmp).size());
    assertFalse(TuningCharts.logMetric(loss), "losses within 0.1 to 0.8 stay on a linear axis");
    // a diverging trial (loss 4530 after its last epoch) puts the metric on a log axis
    List<Trial> diverged = new ArrayList<>(losses);
    Trial t4 = diverged.get(3);
    TreeMap<Integer, Double> epochs = new TreeMap<>(t4.intermediate());
    epochs.put(3, 4530.0);
    diverged.set(3, new Trial(4, t4.state(), t4.params(), 4530.0, epochs, t4.runDir(), t4.owner()));
    TuneResults wide = new TuneResults(loss.settings(), diverged);
    assertTrue(TuningCharts.logMetric(wide));
    assertTrue(TuningCharts.history(wide).getStyler().isYAxisLogarithmic());
    assertTrue(TuningCharts.intermediate(wide).getStyler().isYAxisLogarithmic());
    assertTrue(TuningCharts.slices(wide).get(0).getStyler().isYAxisLogarithmic());
    assertTrue(TuningCharts.write(wide, tmp, "wide-").get(0).caption().contains("log scale"));
    assertTrue(
        TuningFile.read(tmp).settings().metric().equals("val_loss")
            && !TuningFile.read(tmp).settings().maximize());
  }

  @Test
  void importancesAreEqualSharesWithoutTwoCompleteTrialsAndTopKeepsTies() {
    TuneResults r = fixture();
    Map<String, Double> one = PedAnova.importances(SPACE, r.trials().subList(0, 1), true);
    one.values().forEach(v -> assertEquals(0.25, v, 0));
    // 10 % of 17 trials rounds up to 2; ties at the cut-off stay in
    List<Trial> complete = PedAnova.complete(r.trials());
    assertEquals(2, PedAnova.top(complete, true).size());
    List<Trial> tied = new ArrayList<>(complete);
    Trial best = r.best().orElseThrow();
    tied.add(
        new Trial(99, Trial.State.COMPLETE, best.params(), best.value(), new TreeMap<>(), "", ""));
    assertTrue(PedAnova.top(tied, true).size() >= 2);
    assertTrue(PedAnova.top(tied, true).stream().anyMatch(t -> t.number() == 99));
    // minimising takes the lowest
    Trial lowest = complete.stream().min(Comparator.comparingDouble(Trial::value)).orElseThrow();
    assertTrue(PedAnova.top(complete, false).contains(lowest));
  }

  @Test
  void normalMassMatchesPublishedValues() {
    // erfc from Abramowitz & Stegun table 7.1 and Wolfram: erfc(0.5), erfc(1), erfc(3), erfc(5)
    assertEquals(0.4795001221869535, NormalMass.erfc(0.5), 1e-15);
    assertEquals(0.15729920705028513, NormalMass.erfc(1), 1e-15);
    assertEquals(2.209049699858544e-05, NormalMass.erfc(3), 1e-19);
    assertEquals(1.5374597944280349e-12, NormalMass.erfc(5), 1e-25);
    assertEquals(1.8427007929497148, NormalMass.erfc(-1), 1e-15);
    // Φ(1.96) − Φ(−1.96) = 0.9500042097035591
    assertEquals(0.9500042097035591, NormalMass.between(-1.96, 1.96), 1e-15);
    assertEquals(NormalMass.between(1, 2), NormalMass.between(-2, -1), 1e-16);
  }

  @Test
  void writesAllFiveChartsAsPngAndSvgWithEveryTrialPlotted() throws Exception {
    TuneResults r = fixture();
    List<TuningCharts.Chart> charts = r.write(tmp);
    List<String> names = charts.stream().map(c -> c.png().getFileName().toString()).toList();
    assertEquals(
        List.of(
            "optimisation-history.png",
            "param-importances.png",
            "slice.png",
            "parallel-coordinates.png",
            "intermediate-values.png"),
        names);
    for (TuningCharts.Chart c : charts) {
      assertTrue(Files.size(c.png()) > 5_000, c.png() + " is nearly empty");
      Path svg = Figure.svgOf(c.png());
      assertTrue(Files.readString(svg).contains("<svg"), svg.toString());
      assertTrue(ImageIO.read(c.png().toFile()).getWidth() >= 700, c.png().toString());
    }
    assertTrue(charts.get(0).caption().contains("failed trials, without a value: [9]"));

    // history: 17 complete points, 2 pruned marked with crosses, the best-so-far staircase
    XYChart history = TuningCharts.history(r);
    assertEquals(17, history.getSeriesMap().get(TuningCharts.COMPLETE).getXData().length);
    XYSeries prunedHistory = history.getSeriesMap().get(TuningCharts.PRUNED);
    assertArrayEquals(new double[] {6, 13}, toArray(prunedHistory.getXData()), 0);
    assertEquals(SeriesMarkers.CROSS, prunedHistory.getMarker());
    // the staircase: the running best at every complete trial
    assertArrayEquals(
        r.bestSoFar().stream().mapToDouble(p -> p[1]).toArray(),
        history.getSeriesMap().get(TuningCharts.BEST).getYData(),
        0);
    // ... carried on to the last trial when that one is not complete (trial 13 was pruned)
    TuneResults first13 = new TuneResults(r.settings(), r.trials().subList(0, 13));
    XYSeries staircase = TuningCharts.history(first13).getSeriesMap().get(TuningCharts.BEST);
    assertEquals(10 + 1, staircase.getXData().length, "10 complete trials, then trial 13");
    assertEquals(13, staircase.getXData()[10], 0);
    assertEquals(staircase.getYData()[9], staircase.getYData()[10], 0);

    // slices: one panel per parameter, one point per trial with a value (19 = 20 less the failed)
    List<XYChart> slices = TuningCharts.slices(r);
    assertEquals(4, slices.size());
    for (XYChart panel : slices) {
      int points = panel.getSeriesMap().values().stream().mapToInt(s -> s.getXData().length).sum();
      assertEquals(19, points, panel.getTitle());
      assertEquals(2, panel.getSeriesMap().get(TuningCharts.PRUNED).getXData().length);
    }
    assertTrue(slices.get(0).getStyler().isXAxisLogarithmic(), "lr is log-scaled");
    assertFalse(slices.get(1).getStyler().isXAxisLogarithmic(), "batch size is a choice");
    assertTrue(slices.get(3).getStyler().isXAxisLogarithmic(), "weight decay is log-scaled");

    // intermediate values: a line per trial, pruned ones dashed and crossed at their last epoch
    XYChart curves = TuningCharts.intermediate(r);
    assertEquals(3, curves.getSeriesMap().get("trial 1").getXData().length);
    XYSeries pruned = curves.getSeriesMap().get("trial 6 (pruned)");
    assertEquals(SeriesLines.DASH_DASH, pruned.getLineStyle());
    XYSeries stop = curves.getSeriesMap().get("trial 6 (pruned) stop");
    assertEquals(SeriesMarkers.CROSS, stop.getMarker());
    assertEquals(1.0, toArray(stop.getXData())[0], 0);
    assertFalse(curves.getSeriesMap().containsKey("trial 9 (failed)"), "no finite epoch to draw");
  }

  @Test
  void tuningJsonRoundTripsAndBadFilesGetOneLine() throws Exception {
    TuneResults r = fixture();
    TuningFile.write(tmp, r);
    TuneResults back = TuningFile.read(tmp);
    assertEquals(r.settings(), back.settings());
    assertEquals(r.trials().size(), back.trials().size());
    for (int i = 0; i < r.trials().size(); i++) {
      Trial a = r.trials().get(i);
      Trial b = back.trials().get(i);
      assertEquals(a.params(), b.params());
      assertEquals(a.state(), b.state());
      assertEquals(a.value(), b.value(), 0);
      assertEquals(a.intermediate(), b.intermediate());
    }
    assertEquals(r.importances(), back.importances());

    Path file = tmp.resolve(TuningFile.FILE);
    Files.writeString(
        file,
        Files.readString(file)
            .replaceFirst("\"optimizer\" : \"sgd\"", "\"optimizer\" : \"rmsprop\""));
    ReslabException e = assertThrows(ReslabException.class, () -> TuningFile.read(tmp));
    assertTrue(
        e.getMessage()
            .startsWith(file + ": trial 3: optimizer 'rmsprop' is not one of its choices"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    Files.writeString(file, "{\"name\": 3");
    e = assertThrows(ReslabException.class, () -> TuningFile.read(tmp));
    assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());
  }

  private static double[] toArray(double[] a) {
    return a;
  }
}
