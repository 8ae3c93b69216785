package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A corruption of images with one parameter. Implementations are records, so a corruption is also
 * its own configuration (name + parameter) for tables and file names.
 */
public sealed interface Corruption permits GaussianNoise, SaltPepperNoise, GaussianBlur {

  /**
   * Names accepted by {@link #of(String, double)}; {@code impulse} and {@code impulse_noise} mean
   * salt_pepper.
   */
  String NAMES = "gaussian_noise, salt_pepper (impulse), gaussian_blur";

  /** The name used in tables and on the command line, e.g. {@code gaussian_noise}. */
  String name();

  /** The single parameter: noise standard deviation, flipped fraction or blur sigma. */
  double parameter();

  /**
   * Corrupts {@code images}, which are images {@code firstIndex}, {@code firstIndex + 1}, … of a
   * data set. Image i's random numbers come from (seed, firstIndex + i) only, so evaluation in
   * batches of any size gives the same images.
   *
   * @return a new batch, clipped to [0, 1]; the input is not changed
   */
  ImageBatch apply(ImageBatch images, long seed, long firstIndex);

  /** {@link #apply(ImageBatch, long, long)} for a batch that starts the data set. */
  default ImageBatch apply(ImageBatch images, long seed) {
    return apply(images, seed, 0);
  }

  /** Name and parameter, e.g. {@code gaussian_noise(0.08)}. */
  default String label() {
    return name() + "(" + parameter() + ")";
  }

  /** The corruption {@code name} at {@code severity} (1–5) of {@code table}. */
  static Corruption of(String name, SeverityTable table, int severity) {
    return of(name, table.parameter(name, severity));
  }

  /**
   * The corruption {@code name} with its parameter given directly, e.g. {@code of("gaussian_noise",
   * 0.1)}.
   */
  static Corruption of(String name, double parameter) {
    return switch (canonicalName(name)) {
      case GaussianNoise.NAME -> new GaussianNoise(parameter);
      case SaltPepperNoise.NAME -> new SaltPepperNoise(parameter);
      // ImageNet-C and CIFAR-10-C blur with skimage.filters.gaussian, whose border mode is
      // 'nearest'.
      default -> new GaussianBlur(parameter, GaussianBlur.Border.NEAREST);
    };
  }

  /**
   * The canonical name for {@code name} (case-insensitive, aliases resolved), or a one-line error
   * listing names.
   */
  static String canonicalName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (n) {
      case GaussianNoise.NAME -> GaussianNoise.NAME;
      case SaltPepperNoise.NAME, "impulse", "impulse_noise" -> SaltPepperNoise.NAME;
      case GaussianBlur.NAME -> GaussianBlur.NAME;
      default ->
          throw new IllegalArgumentException(
              "unknown corruption '" + name + "'; expected one of " + NAMES);
    };
  }

  /**
   * The random stream of one image: a SplitMix-style mix of seed and index so that neighbouring
   * indices and seeds give unrelated streams.
   */
  static SplittableRandom imageRandom(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }
}
