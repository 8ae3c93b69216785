package dev.reslab.analysis.study;

import dev.reslab.ReslabException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Proposes the hyperparameters of the next trial from the finished ones. A sampler is a value (a
 * record of its settings, such as {@link TpeSampler}): a third search method is a new class.
 */
public interface Sampler {

  /** The short name studies record and reports show, e.g. {@code random} or {@code tpe}. */
  String name();

  /**
   * @param space the search space
   * @param finished finished trials (complete or pruned, with values)
   * @param maximize whether larger values are better
   * @param rnd randomness for this trial
   */
  Map<String, String> sample(SearchSpace space, List<Trial> finished, boolean maximize, Random rnd);

  /** The sampler called {@code name} ({@code random} or {@code tpe}) with its default settings. */
  static Sampler named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "random" -> new RandomSampler();
      case "tpe" -> TpeSampler.DEFAULTS;
      default ->
          throw new ReslabException("unknown sampler '" + name + "'; expected random or tpe");
    };
  }
}
