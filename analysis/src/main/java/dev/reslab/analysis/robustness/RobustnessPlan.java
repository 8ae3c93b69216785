package dev.reslab.analysis.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * What a robustness study evaluates: clean data plus every corruption at every severity of a table,
 * or at direct parameters.
 *
 * @param corruptions the corruptions in table order, each with its severity (−1 for a direct
 *     parameter)
 * @param seed seed of the random corruptions
 */
public record RobustnessPlan(List<Step> corruptions, long seed) {

  /** One corruption to evaluate. */
  public record Step(Corruption corruption, int severity) {}

  public RobustnessPlan {
    corruptions = List.copyOf(corruptions);
    if (corruptions.isEmpty()) {
      throw new IllegalArgumentException("a robustness plan needs at least one corruption");
    }
  }

  /** Every named corruption at severities 1–5 of {@code table}. */
  public static RobustnessPlan severities(List<String> names, SeverityTable table, long seed) {
    List<Step> steps = new ArrayList<>();
    for (String name : names) {
      for (int severity = 1; severity <= 5; severity++) {
        steps.add(new Step(Corruption.of(name, table, severity), severity));
      }
    }
    return new RobustnessPlan(steps, seed);
  }

  /** The three corruptions (noise, impulse, blur) at severities 1–5 of {@code table}. */
  public static RobustnessPlan standard(SeverityTable table, long seed) {
    return severities(
        List.of(GaussianNoise.NAME, SaltPepperNoise.NAME, GaussianBlur.NAME), table, seed);
  }

  /** One corruption at direct parameters, e.g. noise sigma 0.02, 0.05, 0.1 for a custom study. */
  public static RobustnessPlan parameters(String name, double[] parameters, long seed) {
    List<Step> steps = new ArrayList<>();
    for (double p : parameters) {
      steps.add(new Step(Corruption.of(name, p), -1));
    }
    return new RobustnessPlan(steps, seed);
  }
}
