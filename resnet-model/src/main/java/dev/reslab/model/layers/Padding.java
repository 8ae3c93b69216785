package dev.reslab.model.layers;

import java.util.Locale;
import org.tensorflow.ndarray.Shape;

/**
 * Spatial padding of a convolution or pooling window.
 *
 * <p>{@code SAME} and {@code VALID} are TensorFlow's; {@link #symmetric(int)} pads {@code p} pixels
 * on every side as PyTorch does. They differ for stride 2 on even sizes (TF's SAME puts the extra
 * pixel on the bottom/right), which is why the ResNet builder uses symmetric padding: weights
 * trained in PyTorch then give the same outputs here.
 *
 * @param mode {@code SAME}, {@code VALID} or {@code SYMMETRIC}
 * @param pixels pixels added on each side for {@code SYMMETRIC}, else 0
 */
public record Padding(Mode mode, int pixels) {

  public enum Mode {
    SAME,
    VALID,
    SYMMETRIC
  }

  public static final Padding SAME = new Padding(Mode.SAME, 0);
  public static final Padding VALID = new Padding(Mode.VALID, 0);

  public Padding {
    if (pixels < 0 || (mode != Mode.SYMMETRIC && pixels != 0)) {
      throw new IllegalArgumentException("padding " + mode + " cannot have " + pixels + " pixels");
    }
  }

  /** {@code p} pixels on each side, like PyTorch's {@code padding=p}. */
  public static Padding symmetric(int p) {
    return new Padding(Mode.SYMMETRIC, p);
  }

  /** Parses {@code same}, {@code valid} or a whole number of pixels. */
  public static Padding parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "same" -> SAME;
      case "valid" -> VALID;
      default -> {
        try {
          yield symmetric(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "padding '" + text + "' is not 'same', 'valid' or a pixel count");
        }
      }
    };
  }

  /**
   * Whether TensorFlow's {@code SAME} pads exactly these symmetric pixels on both sides of every
   * spatial dimension of {@code input} (NHWC) for this window, so the explicit {@code Pad} op can
   * be left out (it costs a copy of the activations forward and a slice backward). Always so for
   * stride 1 with an odd window padded by half of it; for stride 2 only where the size is known and
   * odd (SAME puts an even size's extra pixel bottom/right only).
   */
  boolean sameAsSymmetric(int window, int stride, Shape input) {
    if (mode != Mode.SYMMETRIC || pixels == 0) {
      return false;
    }
    for (int axis = 1; axis <= 2; axis++) {
      long n = input.numDimensions() == 4 ? input.size(axis) : -1;
      if (n < 0) {
        if (stride != 1 || window != 2 * pixels + 1) {
          return false;
        }
        continue;
      }
      long total = samePaddingTotal(n, window, stride);
      if (total / 2 != pixels || total - total / 2 != pixels) {
        return false;
      }
    }
    return true;
  }

  /**
   * The zeros this padding puts {top, bottom, left, right} of {@code input}'s known spatial sizes
   * (NHWC) for a {@code window}×{@code window} window at {@code stride}: TensorFlow's {@code SAME}
   * puts the odd pixel bottom and right.
   */
  int[] sides(Shape input, int window, int stride) {
    int[] sides = new int[4];
    for (int axis = 1; axis <= 2; axis++) {
      int before;
      int after;
      if (mode == Mode.SAME) {
        int total = (int) samePaddingTotal(input.size(axis), window, stride);
        before = total / 2;
        after = total - before;
      } else {
        before = pixels;
        after = pixels;
      }
      sides[2 * (axis - 1)] = before;
      sides[2 * (axis - 1) + 1] = after;
    }
    return sides;
  }

  /**
   * The pixels TensorFlow's {@code SAME} pads along a dimension of {@code size} for this window and
   * stride, in total: half before, the odd one after.
   */
  static long samePaddingTotal(long size, int window, int stride) {
    long out = (size + stride - 1) / stride;
    return Math.max((out - 1) * stride + window - size, 0);
  }

  /**
   * The NHWC output shape of a {@code window}×{@code window} convolution or pooling with this
   * padding and {@code stride} on {@code input}, with {@code channels} channels (unknown sizes stay
   * unknown).
   */
  Shape windowOutput(Shape input, int window, int stride, long channels, String layer) {
    if (input.numDimensions() != 4) {
      throw new IllegalArgumentException("layer '" + layer + "' expects NHWC input, got " + input);
    }
    return Shape.of(
        input.size(0),
        outputSize(input.size(1), window, stride, layer),
        outputSize(input.size(2), window, stride, layer),
        channels);
  }

  private long outputSize(long size, int window, int stride, String layer) {
    if (size < 0) {
      return size;
    }
    long out =
        mode == Mode.SAME
            ? (size + stride - 1) / stride
            : (size + 2L * pixels - window) / stride + 1;
    if (out < 1) {
      throw new IllegalArgumentException(
          "layer '"
              + layer
              + "': an input of "
              + size
              + " pixels is smaller than its "
              + window
              + "x"
              + window
              + " window");
    }
    return out;
  }

  /**
   * The padding string TensorFlow's conv/pool ops take after any explicit padding has been applied.
   */
  String opPadding() {
    return mode == Mode.SAME ? "SAME" : "VALID";
  }

  @Override
  public String toString() {
    return mode == Mode.SYMMETRIC ? Integer.toString(pixels) : mode.name().toLowerCase(Locale.ROOT);
  }
}
