package dev.reslab.model.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.EpochResult;

/**
 * Writes TensorBoard event files with TensorFlow's own summary ops (so TensorBoard reads them as it reads Python's):
 * a scalar per metric per epoch, and a few input images.
 */
public final class TensorBoardWriter {
  private final Operand<? extends TType> writer;
  private final Op create;
  private final Op flush;
  private final Op closeWriter;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op writeScalar;
  private final Placeholder<TFloat32> images;
  private final Op writeImages;
  private boolean open;
  private Session session;

  public TensorBoardWriter(Ops root, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Ops tf = root.withSubScope("tensorboard");
    writer = tf.summary.summaryWriter();
    create = tf.summary.createSummaryFileWriter(writer, tf.constant(dir.toString()), tf.constant(10),
        tf.constant(1000), tf.constant(".reslab"));
    flush = tf.summary.flushSummaryWriter(writer);
    closeWriter = tf.summary.closeSummaryWriter(writer);
    step = tf.placeholder(TInt64.class);
    tag = tf.placeholder(TString.class);
    value = tf.placeholder(TFloat32.class);
    writeScalar = tf.summary.writeScalarSummary(writer, step, tag, value);
    images = tf.placeholder(TFloat32.class);
    // Per-image min-max scaling to 0..255: the pipeline's images are normalised, not pixels.
    Operand<TFloat32> min = tf.reduceMin(images, tf.constant(new int[] {1, 2, 3}),
        org.tensorflow.op.core.ReduceMin.keepDims(true));
    Operand<TFloat32> max = tf.reduceMax(images, tf.constant(new int[] {1, 2, 3}),
        org.tensorflow.op.core.ReduceMax.keepDims(true));
    Operand<TFloat32> scaled = tf.math.mul(tf.math.divNoNan(tf.math.sub(images, min), tf.math.sub(max, min)),
        tf.constant(255f));
    writeImages = tf.summary.writeImageSummary(writer, step, tag, scaled,
        tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}), WriteImageSummary.maxImages(8L));
  }

  public void open(Session s) {
    this.session = s;
    run(session.runner().addTarget(create));
    open = true;
  }

  /** One scalar per metric at {@code epoch}. */
  public void scalars(int epoch, EpochResult result) {
    if (!open) {
      return;
    }
    try (TInt64 s = TInt64.scalarOf(epoch)) {
      for (Map.Entry<String, Double> m : result.metrics().entrySet()) {
        if (Double.isFinite(m.getValue())) {
          write(s, m.getKey(), m.getValue());
        }
      }
      write(s, "lr", result.learningRate());
      write(s, "images_per_second", result.imagesPerSecond());
    }
    flushNow();
  }

  private void write(TInt64 s, String name, double v) {
    try (TString t = TString.scalarOf(name); TFloat32 x = TFloat32.scalarOf((float) v)) {
      run(session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(writeScalar));
    }
  }

  /** A few images of a batch (row-major NHWC). */
  public void images(int epoch, String name, float[] nhwc, long[] shape) {
    if (!open) {
      return;
    }
    try (TInt64 s = TInt64.scalarOf(epoch); TString t = TString.scalarOf(name);
         TFloat32 x = FloatTensors.of(nhwc, shape)) {
      run(session.runner().feed(step, s).feed(tag, t).feed(images, x).addTarget(writeImages));
    }
    flushNow();
  }

  private void flushNow() {
    run(session.runner().addTarget(flush));
  }

  /** Runs targets only; the (empty) Result is closed all the same, as every Result must be. */
  private static void run(Session.Runner runner) {
    try (Result ignored = runner.run()) {
      // summary ops have no outputs
    }
  }

  public void close() {
    if (open) {
      run(session.runner().addTarget(closeWriter));
      open = false;
    }
  }
}
