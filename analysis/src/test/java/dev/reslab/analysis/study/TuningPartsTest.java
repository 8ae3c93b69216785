package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samplers, median pruning and SQLite trial storage, without training. */
class TuningPartsTest {
  @TempDir Path tmp;

  static final SearchSpace SPACE =
      SearchSpace.of(
          new double[] {1e-5, 1e-1},
          List.of(32, 64, 128),
          List.of("adam", "sgd"),
          new double[] {1e-6, 1e-2});

  private static Trial trial(int n, double value, Map<String, String> params, double... perEpoch) {
    TreeMap<Integer, Double> inter = new TreeMap<>();
    for (int i = 0; i < perEpoch.length; i++) {
      inter.put(i + 1, perEpoch[i]);
    }
    return new Trial(n, Trial.State.COMPLETE, params, value, inter, "t" + n, "h:1");
  }

  @Test
  void medianPruningComparesWithTheMedianAtTheSameEpoch() {
    MedianPruner p = new MedianPruner(3, 0);
    List<Trial> done =
        List.of(
            trial(1, 0.5, Map.of(), 0.30, 0.5),
            trial(2, 0.6, Map.of(), 0.40, 0.6),
            trial(3, 0.7, Map.of(), 0.50, 0.7));
    // median at epoch 1 is 0.40
    assertTrue(p.prune(1, 3, 0.39, done, true));
    assertFalse(p.prune(1, 3, 0.40, done, true));
    // minimising (a loss): above the median is worse
    assertTrue(p.prune(1, 3, 0.41, done, false));
    // not at the last epoch, not before enough trials finished, not during warm-up
    assertFalse(p.prune(3, 3, 0.0, done, true));
    assertFalse(p.prune(1, 3, 0.0, done.subList(0, 2), true));
    assertFalse(new MedianPruner(3, 1).prune(1, 3, 0.0, done, true));
    // even count: mean of the middle two
    assertEquals(0.45, MedianPruner.median(List.of(0.3, 0.5, 0.4, 0.6)), 1e-12);
  }

  @Test
  void samplesStayInTheSpace() {
    Random rnd = new Random(1);
    for (int i = 0; i < 200; i++) {
      Map<String, String> v = SPACE.sample(rnd);
      double lr = Double.parseDouble(v.get("lr"));
      assertTrue(lr >= 1e-5 * 0.9999 && lr <= 1e-1 * 1.0001, v.toString());
      assertTrue(List.of("32", "64", "128").contains(v.get("batch_size")));
      assertTrue(List.of("adam", "sgd").contains(v.get("optimizer")));
    }
    assertEquals(
        "unknown sampler 'grid'; expected random or tpe",
        assertThrows(ReslabException.class, () -> Sampler.named("grid")).getMessage());
  }

  /**
   * On a toy objective peaked at lr = 1e-3 with adam, TPE's trials after its random start-up land
   * near the peak more often than random sampling's (same number of trials, several seeds).
   */
  @Test
  void tpeConcentratesNearTheOptimumOfAToyObjective() {
    double tpeClose = 0;
    double randomClose = 0;
    for (long seed = 0; seed < 5; seed++) {
      tpeClose += closeFraction(new TpeSampler(5, 24, 0.25), seed);
      randomClose += closeFraction(new RandomSampler(), seed);
    }
    assertTrue(
        tpeClose > randomClose + 0.5, "TPE " + tpeClose / 5 + " vs random " + randomClose / 5);
  }

  private static double closeFraction(Sampler sampler, long seed) {
    List<Trial> done = new ArrayList<>();
    int close = 0;
    for (int n = 1; n <= 40; n++) {
      Map<String, String> p =
          sampler.sample(
              SPACE, done, true, new Random(new SplittableRandom(seed * 1000 + n).nextLong()));
      double lr = Double.parseDouble(p.get("lr"));
      double value = -Math.pow(Math.log10(lr) + 3, 2) - (p.get("optimizer").equals("adam") ? 0 : 1);
      done.add(trial(n, value, p));
      if (n > 10 && Math.abs(Math.log10(lr) + 3) < 0.5) {
        close++;
      }
    }
    return close / 30.0;
  }

  @Test
  void sqliteStorageNumbersTrialsOnceAndTakesOverOrphans() {
    storageNumbersTrialsOnceAndTakesOverOrphans("jdbc:sqlite:" + tmp.resolve("s.db"), "s");
  }

  /** The same against any JDBC database (the PostgreSQL integration test passes its own). */
  static void storageNumbersTrialsOnceAndTakesOverOrphans(String url, String study) {
    try (TrialStorage db = TrialStorage.open(url, study, "val_accuracy", true, SPACE)) {
      Trial a = db.claim(3, () -> Map.of("lr", "0.001"), n -> "run-" + n).orElseThrow();
      assertEquals(1, a.number());
      // trial 1 is owned by this (still running) process: a second claim takes it over, as after a
      // crash in-process
      Trial again = db.claim(3, () -> Map.of("lr", "0.5"), n -> "run-" + n).orElseThrow();
      assertEquals(1, again.number());
      assertEquals("0.001", again.params().get("lr"));
      db.report(1, 1, 0.2);
      db.report(1, 1, 0.25);
      db.report(1, 2, 0.3);
      db.finish(1, Trial.State.COMPLETE, 0.3);
      assertEquals(
          2, db.claim(3, () -> Map.of("lr", "0.01"), n -> "run-" + n).orElseThrow().number());
      db.finish(2, Trial.State.PRUNED, 0.1);
      assertEquals(
          3, db.claim(3, () -> Map.of("lr", "0.02"), n -> "run-" + n).orElseThrow().number());
      db.finish(3, Trial.State.FAIL, Double.NaN);
      assertTrue(db.claim(3, () -> Map.of(), n -> "x").isEmpty());
      List<Trial> all = db.trials();
      assertEquals(List.of(1, 2, 3), all.stream().map(Trial::number).toList());
      assertEquals(Map.of(1, 0.25, 2, 0.3), all.get(0).intermediate());
      assertTrue(Double.isNaN(all.get(2).value()));
      assertFalse(all.get(2).finished());
    }
    // reopened with another space: refused
    SearchSpace other =
        SearchSpace.of(new double[] {1e-4, 1e-1}, List.of(32), List.of("adam"), null);
    String msg =
        assertThrows(
                IllegalArgumentException.class,
                () -> TrialStorage.open(url, study, "val_accuracy", true, other))
            .getMessage();
    assertTrue(
        msg.startsWith(
            "the study '"
                + study
                + "' was started with val_accuracy maximize lr~log[1.00000e-05,0.100000]"),
        msg);
  }

  @Test
  void anUnreachableDatabaseIsOneSentence() {
    String msg =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    TrialStorage.open(
                        "jdbc:postgresql://127.0.0.1:1/none?user=u&password=secret",
                        "s",
                        "val_accuracy",
                        true,
                        SPACE))
            .getMessage();
    assertTrue(
        msg.startsWith(
            "cannot open the study storage jdbc:postgresql://127.0.0.1:1/none?user=u&password=***: "),
        msg);
  }
}
