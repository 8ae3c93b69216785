package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.SplittableRandom;

/**
 * Additive Gaussian noise: x + N(0, sigma²) independently per pixel and channel, clipped to [0, 1]
 * (ImageNet-C's {@code gaussian_noise}).
 *
 * @param sigma standard deviation in units of the [0, 1] pixel range; 0 leaves images unchanged
 */
public record GaussianNoise(double sigma) implements Corruption {

  static final String NAME = "gaussian_noise";

  public GaussianNoise {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "gaussian_noise needs a standard deviation >= 0, got " + sigma);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double parameter() {
    return sigma;
  }

  @Override
  public ImageBatch apply(ImageBatch images, long seed, long firstIndex) {
    float[] in = images.pixels();
    float[] out = new float[in.length];
    int size = images.imageSize();
    for (int n = 0; n < images.batch(); n++) {
      SplittableRandom random = Corruption.imageRandom(seed, firstIndex + n);
      for (int i = n * size; i < (n + 1) * size; i++) {
        out[i] = (float) Math.min(1, Math.max(0, in[i] + sigma * random.nextGaussian()));
      }
    }
    return images.withPixels(out);
  }
}
