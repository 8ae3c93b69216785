package dev.reslab.analysis.study;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Proposes the hyperparameters of the next trial from the finished ones. */
public interface Sampler {

  /**
   * @param space the search space
   * @param finished finished trials (complete or pruned, with values)
   * @param maximize whether larger values are better
   * @param rnd randomness for this trial
   */
  Map<String, String> sample(SearchSpace space, List<Trial> finished, boolean maximize, Random rnd);

  /** {@code random} or {@code tpe}. */
  static Sampler parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "random" -> new RandomSampler();
      case "tpe" -> new TpeSampler(4, 24, 0.25);
      default ->
          throw new IllegalArgumentException(
              "unknown sampler '" + name + "'; expected random or tpe");
    };
  }
}
