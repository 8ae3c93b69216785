package dev.reslab.data;

import dev.reslab.input.InputPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A tf.data pipeline built into a graph. Each epoch: {@link #startEpoch}, then fetch {@link
 * #images()} and {@link #labels()} together until the fetch throws {@code
 * org.tensorflow.exceptions.TFOutOfRangeException}.
 */
public final class DataPipeline implements InputPipeline {
  private final Operand<TFloat32> images;
  private final Operand<TFloat32> labels;
  private final Operand<TInt64> indices;
  private final LongFunction<String> exampleIds;
  private final Op initializer;
  private final Operand<TInt64> epochSeed;
  private final Map<Operand<?>, Supplier<Tensor>> feeds;
  private final long runSeed;
  private final long examples;
  private final DatasetInfo info;

  /** Made by {@link PipelineAssembler}: data sets give their pipelines; nothing else builds one. */
  DataPipeline(
      Operand<TFloat32> images,
      Operand<TFloat32> labels,
      Operand<TInt64> indices,
      LongFunction<String> exampleIds,
      Op initializer,
      Operand<TInt64> epochSeed,
      Map<Operand<?>, Supplier<Tensor>> feeds,
      long runSeed,
      long examples,
      DatasetInfo info) {
    this.images = images;
    this.labels = labels;
    this.indices = indices;
    this.exampleIds = exampleIds;
    this.initializer = initializer;
    this.epochSeed = epochSeed;
    this.feeds = Map.copyOf(feeds);
    this.runSeed = runSeed;
    this.examples = examples;
    this.info = info;
  }

  /** [N, H, W, 3] float32, normalised. */
  @Override
  public Operand<TFloat32> images() {
    return images;
  }

  /** [N, K] float32 one-hot / multi-hot (or [N] class ids with {@link LabelFormat#CLASS_ID}). */
  @Override
  public Operand<TFloat32> labels() {
    return labels;
  }

  /**
   * [N] int64: each example's index in the data set's split, fetched with {@link #images()}; null
   * unless the options asked for it ({@link PipelineOptions#exampleIndices()}).
   */
  public Operand<TInt64> indices() {
    return indices;
  }

  /**
   * What names the example at {@code index} (from {@link #indices()}) to a person: its file ({@code
   * cat/0012.jpg}, {@code img_align_celeba/000123.jpg}) or its record ({@code test_batch.bin record
   * 17}).
   */
  public String exampleId(long index) {
    return exampleIds.apply(index);
  }

  /** Examples per epoch (after any limit). */
  @Override
  public long examples() {
    return examples;
  }

  /** The data set's description, with {@link DatasetInfo#examples()} after any limit. */
  public DatasetInfo info() {
    return info;
  }

  /**
   * (Re)starts the iterator for {@code epoch}. The shuffle and augmentation seed is derived from
   * the run seed and the epoch: the same seed and epoch give the same batches, another epoch
   * another order.
   */
  @Override
  public void startEpoch(Session session, int epoch) {
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      TInt64 seed = TInt64.scalarOf(epochSeed(runSeed, epoch));
      fed.add(seed);
      runner.feed(epochSeed, seed);
      for (Map.Entry<Operand<?>, Supplier<Tensor>> e : feeds.entrySet()) {
        Tensor t = e.getValue().get();
        fed.add(t);
        runner.feed(e.getKey(), t);
      }
      try (Result ignored = runner.addTarget(initializer).run()) {
        // initialising has no outputs
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /**
   * Seed of one epoch: a mix of the run seed and the epoch, never 0 (0 would make TF pick a random
   * seed).
   */
  public static long epochSeed(long runSeed, int epoch) {
    long z = runSeed * 0x9E3779B97F4A7C15L + (epoch + 1L) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    z &= Long.MAX_VALUE >>> 1; // keep it positive and well inside int64 for the stateless seed math
    return z == 0 ? 1 : z;
  }
}
