package dev.reslab.analysis.inputs;

import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.data.DataPipeline;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.LabelFormat;
import dev.reslab.data.Limit;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Task;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * A data set split as batches of [0, 1] pixels with class indices (or, multi-label, label vectors),
 * each named by its file or record ({@link LabelledBatch#ids()}), read through its own tf.data
 * pipeline (own graph and session) without normalisation. The factories say which images: {@link
 * #all} every one in the data set's order, {@link #evaluationSubset} the seeded subset an
 * evaluation of N images reads (the N-th image of a subset is not the data set's N-th: pick images
 * by their position with {@code ImageSelection.byIndex(ImageDataset, …)}), {@link #of} any {@link
 * Limit}. Each {@link #iterator()} starts over. Close it to free the graph.
 */
public final class DatasetBatches implements Iterable<LabelledBatch>, AutoCloseable {
  private final ImageDataset data;
  private final Graph graph = new Graph();
  private final Session session;
  private final DataPipeline pipeline;
  private final boolean multiLabel;

  private DatasetBatches(ImageDataset data, int batchSize, Limit limit, boolean anyTask) {
    multiLabel = data.info().task() != Task.MULTI_CLASS;
    if (multiLabel && !anyTask) {
      throw new IllegalArgumentException(
          data.info().name()
              + " is a multi-label data set; per-class results and "
              + "robustness tables need one class per image");
    }
    this.data = data;
    PipelineOptions.Builder options =
        PipelineOptions.builder()
            .batchSize(batchSize)
            .normalization(Normalization.NONE)
            .labelFormat(multiLabel ? LabelFormat.ONE_HOT : LabelFormat.CLASS_ID)
            .limit(limit)
            .exampleIndices(true);
    try {
      pipeline = data.pipeline(Ops.create(graph), options.build());
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Every image of a data set with one class per image, in the data set's (file) order. */
  public static DatasetBatches all(ImageDataset data, int batchSize) {
    return of(data, batchSize, Limit.ALL);
  }

  /**
   * The seeded subset of {@code images} images that an evaluation of that many reads with {@link
   * DataSpec}'s default subset seed ({@code DataSpec.evaluationLimit}; what {@code reslab eval
   * --limit N} and the analysis commands read); all of them when it has no more. Seeded, not the
   * first N: image folders list their files class by class, so the first N would be a class or two.
   * The order is the subset's own (CIFAR-10's binary files: a seeded shuffle), so the k-th image
   * read is not the data set's k-th ({@link LabelledBatch#ids()} names each).
   */
  public static DatasetBatches evaluationSubset(ImageDataset data, int batchSize, long images) {
    if (images < 1) {
      throw new IllegalArgumentException(
          "an evaluation subset needs at least 1 image, got " + images + " (all: every image)");
    }
    return of(data, batchSize, DataSpec.evaluationLimit(images, DataSpec.DEFAULT_SUBSET_SEED));
  }

  /**
   * The images {@code limit} keeps ({@link Limit#ALL}, {@link Limit#first}, {@link
   * Limit#seededSubset}, or {@code DataSpec.evaluationLimit} for a spec's own subset seed) of a
   * data set with one class per image.
   */
  public static DatasetBatches of(ImageDataset data, int batchSize, Limit limit) {
    return new DatasetBatches(data, batchSize, limit, false);
  }

  /**
   * Batches of any data set: a multi-label data set's images carry the class −1 and their label
   * vectors ({@link LabelledBatch#targets()}).
   */
  public static DatasetBatches anyTask(ImageDataset data, int batchSize, Limit limit) {
    return new DatasetBatches(data, batchSize, limit, true);
  }

  /** Whether the batches carry label vectors rather than one class per image. */
  public boolean multiLabel() {
    return multiLabel;
  }

  /** Examples per pass (after the limit). */
  public long examples() {
    return pipeline.examples();
  }

  public ImageDataset data() {
    return data;
  }

  @Override
  public Iterator<LabelledBatch> iterator() {
    pipeline.startEpoch(session, 0);
    return new Iterator<>() {
      private LabelledBatch next = read();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public LabelledBatch next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        LabelledBatch current = next;
        next = read();
        return current;
      }
    };
  }

  private LabelledBatch read() {
    try (Result r =
        session
            .runner()
            .fetch(pipeline.images())
            .fetch(pipeline.labels())
            .fetch(pipeline.indices())
            .run()) {
      long[] shape = FloatTensors.shape(r.get(0));
      float[] pixels = FloatTensors.toArray(r.get(0));
      for (int i = 0; i < pixels.length; i++) {
        // resampling may overshoot [0, 1] by rounding
        pixels[i] = Math.min(1f, Math.max(0f, pixels[i]));
      }
      int n = (int) shape[0];
      int[] labels = new int[n];
      float[] targets = null;
      if (multiLabel) {
        Arrays.fill(labels, -1);
        targets = FloatTensors.toArray(r.get(1));
      } else {
        float[] ids = FloatTensors.toArray(r.get(1));
        for (int i = 0; i < n; i++) {
          labels[i] = Math.round(ids[i]);
        }
      }
      List<String> ids = new ArrayList<>(n);
      ((TInt64) r.get(2)).scalars().forEach(i -> ids.add(pipeline.exampleId(i.getLong())));
      return new LabelledBatch(
          new ImageBatch(pixels, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]),
          labels,
          targets,
          ids);
    } catch (TFOutOfRangeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
