package dev.reslab.model.run;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Value;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes TensorBoard event files with TensorFlow's own summary ops, laid out as Keras' TensorBoard
 * callback lays them out, so TensorBoard shows a reslab run as it shows a Keras one:
 *
 * <ul>
 *   <li>{@code train/}: {@code epoch_loss}, {@code epoch_accuracy} and every other {@code train_}
 *       metric as {@code epoch_<metric>}, {@code epoch_learning_rate}, {@code
 *       epoch_images_per_second}, {@code epoch_seconds}, and {@code input_images} (a few training
 *       images of the first step);
 *   <li>{@code validation/}: every {@code val_} metric as {@code epoch_<metric>};
 *   <li>the folder itself: the HParams plugin's session start (the run's hyperparameters) and end
 *       (its status), so the runs of a study compare in TensorBoard's HParams tab.
 * </ul>
 *
 * The step of every scalar is the epoch number of {@code metrics.csv}.
 */
public final class TensorBoardWriter {
  /** The HParams plugin's tags and version (tensorboard/plugins/hparams/metadata.py). */
  private static final String SESSION_START_TAG = "_hparams_/session_start_info";

  private static final String SESSION_END_TAG = "_hparams_/session_end_info";
  private static final int STATUS_SUCCESS = 1;
  private static final int STATUS_FAILURE = 2;

  private final Path dir;
  private final Writer root;
  private final Writer train;
  private final Writer validation;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Placeholder<TString> rawSummary;
  private final Placeholder<TFloat32> images;
  private boolean open;
  private boolean succeeded;
  private Session session;

  /** The ops of one event-file writer (one folder). */
  private record Writer(Op create, Op flush, Op close, Op scalar, Op raw, Op images) {}

  public TensorBoardWriter(Ops root, Path dir) {
    this.dir = dir;
    Ops tf = root.withSubScope("tensorboard");
    step = tf.placeholder(TInt64.class);
    tag = tf.placeholder(TString.class);
    value = tf.placeholder(TFloat32.class);
    rawSummary = tf.placeholder(TString.class);
    images = tf.placeholder(TFloat32.class);
    // Per-image min-max scaling to 0..255: the pipeline's images are normalised, not pixels.
    Operand<TFloat32> min =
        tf.reduceMin(images, tf.constant(new int[] {1, 2, 3}), ReduceMin.keepDims(true));
    Operand<TFloat32> max =
        tf.reduceMax(images, tf.constant(new int[] {1, 2, 3}), ReduceMax.keepDims(true));
    Operand<TFloat32> scaled =
        tf.math.mul(
            tf.math.divNoNan(tf.math.sub(images, min), tf.math.sub(max, min)), tf.constant(255f));
    this.root = writer(tf.withSubScope("root"), dir, scaled);
    this.train = writer(tf.withSubScope("train"), dir.resolve("train"), scaled);
    this.validation = writer(tf.withSubScope("validation"), dir.resolve("validation"), scaled);
  }

  private Writer writer(Ops tf, Path folder, Operand<TFloat32> scaledImages) {
    Operand<? extends TType> w =
        tf.summary.summaryWriter(SummaryWriter.sharedName(tf.scope().makeOpName("w")));
    return new Writer(
        tf.summary.createSummaryFileWriter(
            w,
            tf.constant(folder.toString()),
            tf.constant(10),
            tf.constant(1000),
            tf.constant(".reslab")),
        tf.summary.flushSummaryWriter(w),
        tf.summary.closeSummaryWriter(w),
        tf.summary.writeScalarSummary(w, step, tag, value),
        tf.summary.writeRawProtoSummary(w, step, rawSummary),
        tf.summary.writeImageSummary(
            w,
            step,
            tag,
            scaledImages,
            tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}),
            WriteImageSummary.maxImages(8L)));
  }

  public void open(Session s) {
    try {
      Files.createDirectories(dir.resolve("train"));
      Files.createDirectories(dir.resolve("validation"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    this.session = s;
    for (Writer w : new Writer[] {root, train, validation}) {
      run(session.runner().addTarget(w.create()));
    }
    open = true;
  }

  /** The HParams plugin's session start: the run's hyperparameters (see {@link #hparams}). */
  public void sessionStart(Map<String, Object> hparams) {
    if (!open) {
      return;
    }
    ByteArrayOutputStream start = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(start);
      for (Map.Entry<String, Object> e : hparams.entrySet()) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(entry);
        m.writeString(1, e.getKey());
        m.writeMessage(2, protoValue(e.getValue()));
        m.flush();
        out.writeByteArray(
            1, entry.toByteArray()); // map<string, google.protobuf.Value> hparams = 1
      }
      out.writeDouble(5, System.currentTimeMillis() / 1000.0); // start_time_secs
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeHparams(SESSION_START_TAG, 3, start.toByteArray());
  }

  /** The run ended well: {@link #close} records success instead of failure. */
  public void succeeded() {
    succeeded = true;
  }

  private void writeHparams(String name, int field, byte[] message) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(content);
      out.writeInt32(
          1,
          0); // HParamsPluginData.version (written although it is the default, as TensorBoard does)
      out.writeByteArray(field, message);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Summary summary =
        Summary.newBuilder()
            .addValue(
                Summary.Value.newBuilder()
                    .setTag(name)
                    .setMetadata(
                        SummaryMetadata.newBuilder()
                            .setPluginData(
                                SummaryMetadata.PluginData.newBuilder()
                                    .setPluginName("hparams")
                                    .setContent(ByteString.copyFrom(content.toByteArray()))))
                    .setTensor(
                        TensorProto.newBuilder()
                            .setDtype(DataType.DT_FLOAT)
                            .setTensorShape(TensorShapeProto.getDefaultInstance())
                            .addFloatVal(0f)))
            .build();
    try (TInt64 s = TInt64.scalarOf(0);
        TString raw = TString.tensorOfBytes(NdArrays.scalarOfObject(summary.toByteArray()))) {
      run(session.runner().feed(step, s).feed(rawSummary, raw).addTarget(root.raw()));
    }
    run(session.runner().addTarget(root.flush()));
  }

  private static Value protoValue(Object v) {
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(v)).build();
  }

  /**
   * What TensorBoard's HParams tab shows of a run: the optimiser's settings ({@code lr}, {@code
   * batch_size}, {@code optimizer}, {@code weight_decay} — the names {@code tune} samples — and
   * {@code momentum}), the schedule and the model's shape.
   */
  public static Map<String, Object> hparams(ResNetConfig model, TrainingConfig training) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("lr", training.optimizer().learningRate());
    h.put("batch_size", training.batchSize());
    h.put("optimizer", training.optimizer().type().toString());
    h.put("weight_decay", training.optimizer().weightDecay());
    h.put("momentum", training.optimizer().momentum());
    h.put("schedule", training.schedule().toString());
    h.put("epochs", training.epochs());
    h.put("label_smoothing", (double) training.labelSmoothing());
    h.put("freeze", training.freeze().toString());
    h.put("stem", model.stem().toString());
    h.put("width_factor", model.widthFactor());
    h.put("depths", model.depths().stream().map(String::valueOf).collect(Collectors.joining(",")));
    h.put("removed", String.join(",", model.removed()));
    h.put("head", model.head().toString());
    return h;
  }

  /**
   * One scalar per metric at {@code epoch}: {@code train_x} in train/, {@code val_x} in
   * validation/.
   */
  public void scalars(int epoch, EpochResult result) {
    if (!open) {
      return;
    }
    try (TInt64 s = TInt64.scalarOf(epoch)) {
      for (Map.Entry<String, Double> m : result.metrics().entrySet()) {
        if (!Double.isFinite(m.getValue())) {
          continue;
        }
        String name = m.getKey();
        if (name.startsWith("val_")) {
          write(validation, s, "epoch_" + name.substring(4), m.getValue());
        } else {
          write(
              train,
              s,
              "epoch_" + (name.startsWith("train_") ? name.substring(6) : name),
              m.getValue());
        }
      }
      write(train, s, "epoch_learning_rate", result.learningRate());
      write(train, s, "epoch_images_per_second", result.imagesPerSecond());
      write(train, s, "epoch_seconds", result.seconds());
    }
    flushNow();
  }

  private void write(Writer w, TInt64 s, String name, double v) {
    try (TString t = TString.scalarOf(name);
        TFloat32 x = TFloat32.scalarOf((float) v)) {
      run(session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(w.scalar()));
    }
  }

  /** A few images of a training batch (row-major NHWC), in train/. */
  public void images(int epoch, String name, float[] nhwc, long[] shape) {
    if (!open) {
      return;
    }
    try (TInt64 s = TInt64.scalarOf(epoch);
        TString t = TString.scalarOf(name);
        TFloat32 x = FloatTensors.of(nhwc, shape)) {
      run(session.runner().feed(step, s).feed(tag, t).feed(images, x).addTarget(train.images()));
    }
    flushNow();
  }

  private void flushNow() {
    for (Writer w : new Writer[] {root, train, validation}) {
      run(session.runner().addTarget(w.flush()));
    }
  }

  /** Runs targets only; the (empty) Result is closed all the same, as every Result must be. */
  private static void run(Session.Runner runner) {
    try (Result ignored = runner.run()) {
      // summary ops have no outputs
    }
  }

  /** Records the HParams session's end (success or failure) and closes the event files. */
  public void close() {
    if (open) {
      ByteArrayOutputStream end = new ByteArrayOutputStream();
      try {
        CodedOutputStream out = CodedOutputStream.newInstance(end);
        out.writeEnum(1, succeeded ? STATUS_SUCCESS : STATUS_FAILURE);
        out.writeDouble(2, System.currentTimeMillis() / 1000.0); // end_time_secs
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      writeHparams(SESSION_END_TAG, 4, end.toByteArray());
      for (Writer w : new Writer[] {root, train, validation}) {
        run(session.runner().addTarget(w.close()));
      }
      open = false;
    }
  }
}
