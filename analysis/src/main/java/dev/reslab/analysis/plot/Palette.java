package dev.reslab.analysis.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which colour each named series gets. A study's palette is made once from its variants in the
 * study's order, so a variant ("baseline", "-layer3.1", "width 0.875") has the same colour in every
 * chart of the study and its report, whatever order or subset of series a chart draws. Names the
 * palette does not know take the colours no known name of that chart uses, in series order.
 */
public final class Palette {
  /** Colour-blind-safe colours (Okabe–Ito). */
  private static final Color[] COLORS = {
    new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
    new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
  };

  private static final Palette SERIES_ORDER = new Palette(List.of());

  private final Map<String, Integer> places = new LinkedHashMap<>();

  private Palette(List<String> names) {
    for (String n : names) {
      places.putIfAbsent(n, places.size());
    }
  }

  /** Colours by series order, chart by chart: for charts whose series are not named things. */
  public static Palette seriesOrder() {
    return SERIES_ORDER;
  }

  /** The i-th name (first occurrence) gets the i-th colour, in every chart. */
  public static Palette of(List<String> names) {
    return new Palette(names);
  }

  /** The i-th colour, cycling. */
  static Color color(int i) {
    return COLORS[Math.floorMod(i, COLORS.length)];
  }

  static Color[] all() {
    return COLORS.clone();
  }

  /** Whether every name has its own place in this palette. */
  boolean knowsAll(List<String> names) {
    return !places.isEmpty() && places.keySet().containsAll(names);
  }

  /** The colours of one chart's series, in their order. */
  List<Color> colors(List<String> seriesNames) {
    List<Color> out = new ArrayList<>();
    boolean[] taken = new boolean[COLORS.length];
    for (String n : seriesNames) {
      Integer place = places.get(n);
      if (place != null) {
        taken[place % COLORS.length] = true;
      }
    }
    int next = 0;
    for (String n : seriesNames) {
      Integer place = places.get(n);
      if (place != null) {
        out.add(color(place));
        continue;
      }
      while (next < COLORS.length && taken[next]) {
        next++;
      }
      if (next < COLORS.length) {
        taken[next] = true;
        out.add(COLORS[next]);
      } else {
        out.add(color(out.size())); // more series than colours: they repeat
      }
    }
    return out;
  }
}
