package dev.reslab.analysis.explain;

import java.util.Locale;

/**
 * How a grid of class-activation maps turns map values into colours. Grad-CAM values have no unit
 * (a weighted sum of activations), so a scale is either each map's own maximum or one maximum for
 * the whole grid; the figure's colour bar says which.
 */
public enum MapScale {
  /** Each map from 0 to its own maximum: where each layer looks, whatever its strength. */
  MAP,
  /** Every map of the grid from 0 to the grid's maximum: layers compared in strength too. */
  GRID;

  /** {@code map} or {@code grid}; anything else is a one-line error. */
  public static MapScale parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "map" -> MAP;
      case "grid" -> GRID;
      default ->
          throw new IllegalArgumentException(
              "a map scale is 'map' (each map to its own maximum) or 'grid' (one scale for the "
                  + "whole grid), got '"
                  + s
                  + "'");
    };
  }
}
