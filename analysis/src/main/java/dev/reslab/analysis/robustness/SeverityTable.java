package dev.reslab.analysis.robustness;

import java.util.Locale;

/**
 * Parameters of severities 1–5 as published with the corruption benchmarks (Hendrycks &amp;
 * Dietterich 2019): ImageNet-C for 224-pixel images and CIFAR-10-C for 32-pixel images.
 */
public enum SeverityTable {

  /**
   * ImageNet-C: noise c = .08 .12 .18 .26 .38; impulse c = .03 .06 .09 .17 .27; blur σ = 1 2 3 4 6.
   */
  IMAGENET_C(
      new double[] {.08, .12, .18, .26, .38},
      new double[] {.03, .06, .09, .17, .27},
      new double[] {1, 2, 3, 4, 6}),

  /**
   * CIFAR-10-C: noise c = .04 .06 .08 .09 .10; impulse c = .01 .02 .03 .05 .07; blur σ = .4 .6 .7
   * .8 1.
   */
  CIFAR10_C(
      new double[] {.04, .06, .08, .09, .10},
      new double[] {.01, .02, .03, .05, .07},
      new double[] {.4, .6, .7, .8, 1});

  private final double[] noise;
  private final double[] impulse;
  private final double[] blur;

  SeverityTable(double[] noise, double[] impulse, double[] blur) {
    this.noise = noise;
    this.impulse = impulse;
    this.blur = blur;
  }

  /**
   * The parameter of corruption {@code name} at {@code severity}.
   *
   * @throws IllegalArgumentException when the severity is not 1–5 or the name is unknown
   */
  public double parameter(String name, int severity) {
    if (severity < 1 || severity > 5) {
      throw new IllegalArgumentException("severity must be 1 to 5, got " + severity);
    }
    double[] row =
        switch (Corruption.canonicalName(name)) {
          case GaussianNoise.NAME -> noise;
          case SaltPepperNoise.NAME -> impulse;
          default -> blur;
        };
    return row[severity - 1];
  }

  /**
   * The table for a command-line name: {@code imagenet-c} or {@code cifar10-c} (case and separators
   * ignored).
   */
  public static SeverityTable parse(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return switch (n) {
      case "imagenetc", "imagenet" -> IMAGENET_C;
      case "cifar10c", "cifar10", "cifarc" -> CIFAR10_C;
      default ->
          throw new IllegalArgumentException(
              "unknown severity table '" + name + "'; expected imagenet-c or cifar10-c");
    };
  }
}
