package dev.reslab.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

  @Test
  void eightOfTenAtZ196() {
    // p = 0.8, z² = 3.8416, d = 1 + z²/n = 1.38416
    // centre = (0.8 + z²/20) / d = 0.99208 / 1.38416 = 0.716738
    // half = 1.96 * sqrt(0.8*0.2/10 + z²/400) / d = 1.96 * sqrt(0.025604) / d = 0.313624 / 1.38416
    // = 0.226581
    WilsonInterval w = WilsonInterval.of(8, 10, 1.96);
    assertEquals(0.490157, w.lower(), 1e-6);
    assertEquals(0.943319, w.upper(), 1e-6);
  }

  @Test
  void zeroOfTenStartsAtZero() {
    // centre = half = (z²/20) / d = 0.19208 / 1.38416 = 0.138770, so [0, 0.277540]
    WilsonInterval w = WilsonInterval.of(0, 10, 1.96);
    assertEquals(0.0, w.lower(), 0.0);
    assertEquals(0.277540, w.upper(), 1e-6);
    WilsonInterval all = WilsonInterval.of(10, 10, 1.96);
    assertEquals(1 - 0.277540, all.lower(), 1e-6);
    assertEquals(1.0, all.upper(), 0.0);
  }

  @Test
  void oneOfTwoAt95() {
    // z = 1.959964, z² = 3.841459, d = 1 + z²/2 = 2.920730, centre = (0.5 + z²/4) / d = 0.5
    // half = z * sqrt(0.25/2 + z²/16) / d = 1.959964 * 0.604227 / 2.920730 = 0.405469
    WilsonInterval w = WilsonInterval.of95(1, 2);
    assertEquals(0.094531, w.lower(), 1e-6);
    assertEquals(0.905469, w.upper(), 1e-6);
    assertTrue(w.contains(0.5));
  }

  @Test
  void noTrialsIsUndefined() {
    WilsonInterval w = WilsonInterval.of95(0, 0);
    assertTrue(Double.isNaN(w.lower()) && Double.isNaN(w.upper()));
  }

  @Test
  void badCountsFail() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of95(3, 2));
    assertEquals("Wilson interval needs 0 <= successes <= trials, got 3 of 2", e.getMessage());
  }
}
