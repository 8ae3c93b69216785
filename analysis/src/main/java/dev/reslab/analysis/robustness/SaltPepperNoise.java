package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.SplittableRandom;

/**
 * Salt-and-pepper (impulse) noise: each value (pixel and channel independently) is replaced with
 * probability {@code fraction}, by 0 or 1 with equal odds — as {@code
 * skimage.util.random_noise(mode='s&p')}, which ImageNet-C's {@code impulse_noise} calls. The
 * number replaced is binomial, not exactly fraction × size.
 *
 * @param fraction expected fraction of values replaced, in [0, 1]
 */
public record SaltPepperNoise(double fraction) implements Corruption {

  static final String NAME = "salt_pepper";

  public SaltPepperNoise {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("salt_pepper needs a fraction in [0, 1], got " + fraction);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double parameter() {
    return fraction;
  }

  @Override
  public ImageBatch apply(ImageBatch images, long seed, long firstIndex) {
    float[] in = images.pixels();
    float[] out = new float[in.length];
    int size = images.imageSize();
    double half = fraction / 2;
    for (int n = 0; n < images.batch(); n++) {
      SplittableRandom random = Corruption.imageRandom(seed, firstIndex + n);
      for (int i = n * size; i < (n + 1) * size; i++) {
        // one uniform draw decides both whether to replace and with what: [0, c/2) pepper, [c/2, c)
        // salt
        double u = random.nextDouble();
        out[i] = u < half ? 0f : u < fraction ? 1f : in[i];
      }
    }
    return images.withPixels(out);
  }
}
