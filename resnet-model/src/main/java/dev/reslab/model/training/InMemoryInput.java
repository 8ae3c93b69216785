package dev.reslab.model.training;

import dev.reslab.input.InputPipeline;
import dev.reslab.input.InputSource;
import dev.reslab.model.tensor.FloatTensors;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Images and labels already in memory, batched by tf.data. Each epoch's order is a permutation
 * drawn in Java from the seed and the epoch (same seed → same order; another epoch → another
 * order), fed when the iterator starts.
 *
 * @param images row-major [N, H, W, 3] preprocessed images
 * @param imageSize H and W
 * @param labels row-major [N, K] one-hot or multi-hot targets
 * @param outputs K
 * @param batchSize examples per batch (the last batch may be smaller)
 * @param shuffle whether to permute each epoch
 * @param seed run seed
 */
public record InMemoryInput(
    float[] images,
    int imageSize,
    float[] labels,
    int outputs,
    int batchSize,
    boolean shuffle,
    long seed)
    implements InputSource {

  public InMemoryInput {
    long n = labels.length / Math.max(outputs, 1);
    if (outputs < 1
        || labels.length % outputs != 0
        || images.length != n * imageSize * imageSize * 3) {
      throw new IllegalArgumentException(
          "images ("
              + images.length
              + " values) and labels ("
              + labels.length
              + " values of "
              + outputs
              + ") do not describe the same number of "
              + imageSize
              + "x"
              + imageSize
              + " RGB examples");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
  }

  public int size() {
    return labels.length / outputs;
  }

  @Override
  public InputPipeline build(Ops tf) {
    List<Class<? extends TType>> types = List.of(TFloat32.class, TFloat32.class);
    Placeholder<TFloat32> x =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, imageSize, imageSize, 3)));
    Placeholder<TFloat32> y =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, outputs)));
    Operand<?> slices =
        tf.data.tensorSliceDataset(
            List.of(x, y), List.of(Shape.of(imageSize, imageSize, 3), Shape.of(outputs)));
    List<Shape> batchShapes = List.of(Shape.of(-1, imageSize, imageSize, 3), Shape.of(-1, outputs));
    Operand<?> batches =
        tf.data.batchDataset(
            slices, tf.constant((long) batchSize), tf.constant(false), types, batchShapes);
    Operand<?> prefetched = tf.data.prefetchDataset(batches, tf.constant(2L), types, batchShapes);
    Operand<? extends TType> iterator = tf.data.iterator("", "", types, batchShapes);
    var init = tf.data.makeIterator(prefetched, iterator);
    IteratorGetNext next = tf.data.iteratorGetNext(iterator, types, batchShapes);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> nextImages = (Operand<TFloat32>) next.components().get(0);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> nextLabels = (Operand<TFloat32>) next.components().get(1);
    return new InputPipeline() {
      @Override
      public Operand<TFloat32> images() {
        return nextImages;
      }

      @Override
      public Operand<TFloat32> labels() {
        return nextLabels;
      }

      @Override
      public void startEpoch(Session session, int epoch) {
        int n = size();
        int[] order = order(epoch);
        int pixels = imageSize * imageSize * 3;
        float[] xs = new float[images.length];
        float[] ys = new float[labels.length];
        for (int i = 0; i < n; i++) {
          System.arraycopy(images, order[i] * pixels, xs, i * pixels, pixels);
          System.arraycopy(labels, order[i] * outputs, ys, i * outputs, outputs);
        }
        try (TFloat32 tx = FloatTensors.of(xs, n, imageSize, imageSize, 3);
            TFloat32 ty = FloatTensors.of(ys, n, outputs);
            Result ignored = session.runner().feed(x, tx).feed(y, ty).addTarget(init).run()) {
          // initialising the iterator has no outputs
        }
      }

      @Override
      public long examples() {
        return size();
      }
    };
  }

  /** The epoch's permutation: Fisher–Yates from a seed mixed from the run seed and the epoch. */
  int[] order(int epoch) {
    int n = size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random rnd = new Random(seed * 1_000_003L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
