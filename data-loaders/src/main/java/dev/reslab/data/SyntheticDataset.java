package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.DecodedExample;
import dev.reslab.data.pipeline.ExampleSource;
import dev.reslab.data.pipeline.RawDataset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Images of drawn shapes generated from a seed: the offline data set for the quickstart and
 * learning tests.
 *
 * <p>Multi-class form: 10 classes ({@link ShapePainter#SHAPES}), one shape per 32×32 image with
 * random size, position, colours and pixel noise. Multi-label form: a 2×2 grid where each cell
 * holds one of five shapes or nothing; the labels say which of the five shapes appear, plus whether
 * the background is light.
 *
 * <p>The same seed, split and size give the same pixels; train, valid and test draw from different
 * streams.
 */
public final class SyntheticDataset implements ImageDataset {
  /** Attribute names of the multi-label form. */
  public static final List<String> ATTRIBUTES =
      List.of(
          "has_circle", "has_square", "has_triangle", "has_plus", "has_ring", "light_background");

  private static final int[] MULTI_LABEL_SHAPES = {0, 1, 2, 3, 5};
  public static final int SIZE = 32;

  private final boolean multiLabel;
  private final long seed;
  private final Split split;
  private final int examples;
  private final byte[] pixels;
  private final long[] classIds;
  private final float[] attributes;

  private SyntheticDataset(boolean multiLabel, long seed, Split split, int examples) {
    if (examples < 1) {
      throw new DataException("synthetic data needs at least 1 example, got " + examples);
    }
    this.multiLabel = multiLabel;
    this.seed = seed;
    this.split = split;
    this.examples = examples;
    this.pixels = new byte[examples * SIZE * SIZE * 3];
    this.classIds = new long[examples];
    this.attributes = new float[multiLabel ? examples * ATTRIBUTES.size() : 0];
    IntStream.range(0, examples).parallel().forEach(this::generate);
  }

  /** Ten shape classes, {@code examples} images. */
  public static SyntheticDataset multiClass(long seed, Split split, int examples) {
    return new SyntheticDataset(false, seed, split, examples);
  }

  /** Multi-label shapes (see class comment), {@code examples} images. */
  public static SyntheticDataset multiLabel(long seed, Split split, int examples) {
    return new SyntheticDataset(true, seed, split, examples);
  }

  /** Default size of a split: 6,000 training images, 1,000 for validation or test. */
  public static int defaultExamples(Split split) {
    return split == Split.TRAIN ? 6000 : 1000;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        multiLabel ? "synthetic-multilabel" : "synthetic",
        multiLabel ? Task.MULTI_LABEL : Task.MULTI_CLASS,
        multiLabel ? ATTRIBUTES : ShapePainter.SHAPES,
        SIZE,
        SIZE,
        examples,
        Normalization.HALF);
  }

  /** Raw pixels of image {@code i}: HWC RGB bytes (0..255). */
  public byte[] image(int i) {
    byte[] out = new byte[SIZE * SIZE * 3];
    System.arraycopy(pixels, i * out.length, out, 0, out.length);
    return out;
  }

  /** Class index of image {@code i} (multi-class form). */
  public int classId(int i) {
    return (int) classIds[i];
  }

  /** Multi-hot attributes of image {@code i} (multi-label form). */
  public float[] attributes(int i) {
    int k = ATTRIBUTES.size();
    float[] out = new float[k];
    System.arraycopy(attributes, i * k, out, 0, k);
    return out;
  }

  @Override
  public DataPipeline pipeline(Ops tf, PipelineOptions options) {
    return PipelineAssembler.assemble(tf, new Source(), info(), options);
  }

  private void generate(int i) {
    long mixed = DataPipeline.epochSeed(seed * 31 + split.ordinal(), i);
    SplittableRandom rnd = new SplittableRandom(mixed);
    ShapePainter painter = new ShapePainter(SIZE);
    int[] bg = ShapePainter.colour(rnd, null);
    byte[] img = painter.background(rnd, bg, 12);
    if (!multiLabel) {
      int shape = rnd.nextInt(ShapePainter.SHAPES.size());
      double r = 7 + rnd.nextDouble() * 6;
      double cx = 16 + (rnd.nextDouble() * 2 - 1) * (15 - r);
      double cy = 16 + (rnd.nextDouble() * 2 - 1) * (15 - r);
      painter.paint(img, shape, cx, cy, r, ShapePainter.colour(rnd, bg));
      classIds[i] = shape;
    } else {
      int k = ATTRIBUTES.size();
      for (int cell = 0; cell < 4; cell++) {
        if (rnd.nextDouble() < 0.5) {
          int which = rnd.nextInt(MULTI_LABEL_SHAPES.length);
          double r = 4.5 + rnd.nextDouble() * 2.5;
          double cx = (cell % 2) * 16 + 8 + (rnd.nextDouble() * 2 - 1) * 1.5;
          double cy = (cell / 2) * 16 + 8 + (rnd.nextDouble() * 2 - 1) * 1.5;
          painter.paint(img, MULTI_LABEL_SHAPES[which], cx, cy, r, ShapePainter.colour(rnd, bg));
          attributes[i * k + which] = 1f;
        }
      }
      attributes[i * k + k - 1] = ShapePainter.luma(bg) >= 128 ? 1f : 0f;
    }
    System.arraycopy(img, 0, pixels, i * img.length, img.length);
  }

  /**
   * The generated arrays are fed to placeholders when an epoch starts, so they never sit in the
   * graph.
   */
  private final class Source implements ExampleSource {
    @Override
    public RawDataset open(Ops tf) {
      Placeholder<TUint8> images =
          tf.withName("synthetic_images")
              .placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      Shape imageShape = Shape.of(examples, SIZE, SIZE, 3);
      if (multiLabel) {
        int k = ATTRIBUTES.size();
        Placeholder<TFloat32> labels =
            tf.withName("synthetic_labels")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
        Operand<?> handle =
            tf.data.tensorSliceDataset(
                List.of(images, labels), List.of(Shape.of(SIZE, SIZE, 3), Shape.of(k)));
        return new RawDataset(
            (Operand) handle,
            List.of(TUint8.class, TFloat32.class),
            List.of(Shape.of(SIZE, SIZE, 3), Shape.of(k)),
            examples,
            false,
            Map.of(
                images,
                () -> TUint8.tensorOf(imageShape, DataBuffers.of(pixels, true, false)),
                labels,
                () ->
                    TFloat32.tensorOf(
                        Shape.of(examples, k), DataBuffers.of(attributes, true, false))));
      }
      Placeholder<TInt64> labels =
          tf.withName("synthetic_labels")
              .placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
      Operand<?> handle =
          tf.data.tensorSliceDataset(
              List.of(images, labels), List.of(Shape.of(SIZE, SIZE, 3), Shape.scalar()));
      return new RawDataset(
          (Operand) handle,
          List.of(TUint8.class, TInt64.class),
          List.of(Shape.of(SIZE, SIZE, 3), Shape.scalar()),
          examples,
          false,
          Map.of(
              images,
              () -> TUint8.tensorOf(imageShape, DataBuffers.of(pixels, true, false)),
              labels,
              () -> TInt64.tensorOf(Shape.of(examples), DataBuffers.of(classIds, true, false))));
    }

    @Override
    public DecodedExample decode(Ops tf, List<Operand<?>> c) {
      @SuppressWarnings("unchecked")
      Operand<TUint8> img = (Operand<TUint8>) c.get(0);
      return new DecodedExample(tf.dtypes.cast(img, TFloat32.class), (Operand) c.get(1));
    }

    @Override
    public boolean decodesBatches() {
      return true;
    }

    @Override
    public Augmentation augmentation() {
      return Augmentation.FLIP;
    }
  }
}
