package dev.reslab.data.pipeline;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Geometric evaluation preprocessing from a decoded image of any size to the data set's output
 * size, as TF ops (used inside tf.data and, eagerly, by the Java-side image loader, so both give
 * the same pixels). Resampling is bilinear with antialiasing when shrinking (ScaleAndTranslate,
 * "triangle" kernel), close to PIL's bilinear resize that torchvision uses; crop offsets follow
 * torchvision's CenterCrop rounding.
 *
 * @param kind what to do
 * @param resize shorter-side length for {@link Kind#SHORTER_SIDE_THEN_CENTER_CROP}
 * @param height output height
 * @param width output width
 */
public record ImageTransform(Kind kind, int resize, int height, int width) {

  /** The transforms. */
  public enum Kind {
    /** The image already has the output size. */
    NONE,
    /** Stretch to the output size. */
    RESIZE,
    /**
     * torchvision {@code Resize(resize)} then {@code CenterCrop(height, width)}: ImageNet
     * evaluation.
     */
    SHORTER_SIDE_THEN_CENTER_CROP,
    /** Crop the largest centred square, then resize it to the output size (CelebA). */
    CENTER_SQUARE_THEN_RESIZE
  }

  public ImageTransform {
    if (height < 1
        || width < 1
        || (kind == Kind.SHORTER_SIDE_THEN_CENTER_CROP && resize < Math.max(height, width))) {
      throw new IllegalArgumentException(
          "bad image transform " + kind + " " + resize + " " + height + "x" + width);
    }
  }

  public static ImageTransform none(int height, int width) {
    return new ImageTransform(Kind.NONE, 0, height, width);
  }

  public static ImageTransform resize(int height, int width) {
    return new ImageTransform(Kind.RESIZE, 0, height, width);
  }

  /** Resize the shorter side to {@code resize}, then centre-crop {@code crop}×{@code crop}. */
  public static ImageTransform shorterSideThenCenterCrop(int resize, int crop) {
    return new ImageTransform(Kind.SHORTER_SIDE_THEN_CENTER_CROP, resize, crop, crop);
  }

  public static ImageTransform centerSquareThenResize(int size) {
    return new ImageTransform(Kind.CENTER_SQUARE_THEN_RESIZE, 0, size, size);
  }

  /** {@code image}: [h, w, 3] float32 of any h and w → [height, width, 3]. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image) {
    Shape out = Shape.of(height, width, 3);
    if (kind == Kind.NONE) {
      return tf.ensureShape(image, out);
    }
    Operand<TInt32> shape = tf.shape(image);
    Operand<TFloat64> h =
        tf.dtypes.cast(tf.gather(shape, tf.constant(0), tf.constant(0)), TFloat64.class);
    Operand<TFloat64> w =
        tf.dtypes.cast(tf.gather(shape, tf.constant(1), tf.constant(0)), TFloat64.class);
    Operand<TFloat64> scaleY;
    Operand<TFloat64> scaleX;
    Operand<TFloat64> shiftY;
    Operand<TFloat64> shiftX;
    switch (kind) {
      case RESIZE -> {
        scaleY = tf.math.div(tf.constant((double) height), h);
        scaleX = tf.math.div(tf.constant((double) width), w);
        shiftY = tf.constant(0.0);
        shiftX = tf.constant(0.0);
      }
      case SHORTER_SIDE_THEN_CENTER_CROP -> {
        // torchvision: the shorter side becomes `resize`, the longer int(resize * long / short).
        Operand<TFloat64> r = tf.constant((double) resize);
        Operand<TBool> tall = tf.math.lessEqual(w, h);
        Operand<TFloat64> nh = tf.select(tall, tf.math.floor(tf.math.div(tf.math.mul(r, h), w)), r);
        Operand<TFloat64> nw = tf.select(tall, r, tf.math.floor(tf.math.div(tf.math.mul(r, w), h)));
        scaleY = tf.math.div(nh, h);
        scaleX = tf.math.div(nw, w);
        // Crop after resizing: the offset is in output pixels.
        shiftY =
            tf.math.neg(
                tf.math.round(
                    tf.math.div(tf.math.sub(nh, tf.constant((double) height)), tf.constant(2.0))));
        shiftX =
            tf.math.neg(
                tf.math.round(
                    tf.math.div(tf.math.sub(nw, tf.constant((double) width)), tf.constant(2.0))));
      }
      case CENTER_SQUARE_THEN_RESIZE -> {
        Operand<TFloat64> side = tf.math.minimum(h, w);
        Operand<TFloat64> top = tf.math.round(tf.math.div(tf.math.sub(h, side), tf.constant(2.0)));
        Operand<TFloat64> left = tf.math.round(tf.math.div(tf.math.sub(w, side), tf.constant(2.0)));
        scaleY = tf.math.div(tf.constant((double) height), side);
        scaleX = tf.math.div(tf.constant((double) width), side);
        // Crop before resizing: the offset in input pixels, scaled to output pixels.
        shiftY = tf.math.neg(tf.math.mul(top, scaleY));
        shiftX = tf.math.neg(tf.math.mul(left, scaleX));
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    Operand<TFloat32> scale = tf.dtypes.cast(tf.stack(List.of(scaleY, scaleX)), TFloat32.class);
    Operand<TFloat32> shift = tf.dtypes.cast(tf.stack(List.of(shiftY, shiftX)), TFloat32.class);
    Operand<TFloat32> batch = tf.expandDims(image, tf.constant(0));
    Operand<TFloat32> resized =
        tf.image.scaleAndTranslate(
            batch,
            tf.constant(new int[] {height, width}),
            scale,
            shift,
            ScaleAndTranslate.kernelType("triangle"),
            ScaleAndTranslate.antialias(true));
    return tf.ensureShape(tf.reshape(resized, tf.constant(new int[] {height, width, 3})), out);
  }
}
