package dev.reslab.analysis.inputs;

import java.util.Arrays;

/**
 * A batch of images as one row-major float array in NHWC order (batch, height, width, channels),
 * pixels in [0, 1]. The array is shared, not copied: corruptions never write to their input, they
 * return a new batch.
 */
public final class ImageBatch {

  private final float[] pixels;
  private final int batch;
  private final int height;
  private final int width;
  private final int channels;

  /**
   * Wraps {@code pixels}.
   *
   * @throws IllegalArgumentException when the length does not match the shape or a pixel lies
   *     outside [0, 1]
   */
  public ImageBatch(float[] pixels, int batch, int height, int width, int channels) {
    if (batch < 0 || height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "image batch shape must be positive, got ["
              + batch
              + ", "
              + height
              + ", "
              + width
              + ", "
              + channels
              + "]");
    }
    long expected = (long) batch * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "image batch has "
              + pixels.length
              + " values, expected "
              + batch
              + " x "
              + height
              + " x "
              + width
              + " x "
              + channels
              + " = "
              + expected);
    }
    for (int i = 0; i < pixels.length; i++) {
      // written so that NaN fails too
      if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
        throw new IllegalArgumentException(
            "pixels must lie in [0, 1], found "
                + pixels[i]
                + " at index "
                + i
                + " (scale 0-255 images by 1/255 first)");
      }
    }
    this.pixels = pixels;
    this.batch = batch;
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  /** The backing array (not a copy). */
  public float[] pixels() {
    return pixels;
  }

  public int batch() {
    return batch;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int channels() {
    return channels;
  }

  /** Values per image: height × width × channels. */
  public int imageSize() {
    return height * width * channels;
  }

  /** Value of image {@code n} at row {@code y}, column {@code x}, channel {@code c}. */
  public float get(int n, int y, int x, int c) {
    return pixels[((n * height + y) * width + x) * channels + c];
  }

  /** Image {@code n} as its own HWC array (a copy), e.g. for an example grid. */
  public float[] image(int n) {
    if (n < 0 || n >= batch) {
      throw new IllegalArgumentException("image index " + n + " is out of range 0.." + (batch - 1));
    }
    return Arrays.copyOfRange(pixels, n * imageSize(), (n + 1) * imageSize());
  }

  /** A batch of the same shape over other pixels (already known to be in range). */
  public ImageBatch withPixels(float[] newPixels) {
    return new ImageBatch(newPixels, batch, height, width, channels);
  }
}
