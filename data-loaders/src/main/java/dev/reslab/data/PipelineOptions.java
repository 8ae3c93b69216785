package dev.reslab.data;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How a pipeline reads a data set.
 *
 * @param batchSize examples per batch
 * @param shuffle shuffle every epoch (seed derived from {@code seed} and the epoch)
 * @param augment training augmentation (the data set's own: crop and flip for CIFAR, flip for
 *     CelebA, ...)
 * @param seed the run seed: same seed, same order and same augmentation
 * @param limit all examples, the first N, or a seeded subset of N
 * @param normalization per-channel mean/std; {@code null} means the data set's default
 * @param labelFormat one-hot / multi-hot (default) or class ids
 * @param parallelism parallel decode calls; 0 means the number of processors
 * @param prefetch batches prefetched; 0 turns prefetching off
 * @param dropRemainder drop the last partial batch (default: keep it)
 * @param shuffleBuffer elements in the shuffle buffer; 0 means the whole split (a perfect shuffle)
 * @param holdout null, or a part of the split set aside for validation: read before the limit
 * @param holdoutPart with a holdout: the held-out examples (validation) or the rest (training)
 * @param exampleIndices also give each example's index ({@link DataPipeline#indices()}), so that
 *     results can name it ({@link DataPipeline#exampleId}); training needs none
 */
public record PipelineOptions(
    int batchSize,
    boolean shuffle,
    boolean augment,
    long seed,
    Limit limit,
    Normalization normalization,
    LabelFormat labelFormat,
    int parallelism,
    int prefetch,
    boolean dropRemainder,
    long shuffleBuffer,
    Holdout holdout,
    Holdout.Part holdoutPart,
    boolean exampleIndices) {

  public PipelineOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (parallelism < 0 || prefetch < 0 || shuffleBuffer < 0) {
      throw new IllegalArgumentException("parallelism, prefetch and shuffle buffer must be >= 0");
    }
    limit = limit == null ? Limit.ALL : limit;
    labelFormat = labelFormat == null ? LabelFormat.ONE_HOT : labelFormat;
    holdoutPart = holdout == null ? null : holdoutPart == null ? Holdout.Part.REST : holdoutPart;
  }

  /** Training defaults: shuffled, augmented. */
  public static PipelineOptions training(int batchSize, long seed) {
    return builder().batchSize(batchSize).shuffle(true).augment(true).seed(seed).build();
  }

  /** Evaluation defaults: data set order, no augmentation. */
  public static PipelineOptions evaluation(int batchSize) {
    return builder().batchSize(batchSize).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .batchSize(batchSize)
        .shuffle(shuffle)
        .augment(augment)
        .seed(seed)
        .limit(limit)
        .normalization(normalization)
        .labelFormat(labelFormat)
        .parallelism(parallelism)
        .prefetch(prefetch)
        .dropRemainder(dropRemainder)
        .shuffleBuffer(shuffleBuffer)
        .holdout(holdout, holdoutPart)
        .exampleIndices(exampleIndices);
  }

  /**
   * The examples (indices into a split of {@code count}, ascending) a pipeline with these options
   * reads, for data sets that choose their files in Java: first its side of the holdout, then the
   * limit within it. The holdout is drawn per class when {@code classIds} are given, else (several
   * labels per example) from all examples alike.
   */
  public int[] chooseExamples(int count, long[] classIds) {
    if (classIds != null && classIds.length != count) {
      throw new IllegalArgumentException(count + " examples but " + classIds.length + " class ids");
    }
    int[] part =
        holdout == null
            ? IntStream.range(0, count).toArray()
            : holdout.select(classIds != null ? classIds : new long[count], holdoutPart);
    return Arrays.stream(limit.select(part.length)).map(i -> part[i]).toArray();
  }

  /** Processors to use for decoding. */
  public int effectiveParallelism() {
    return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Builder; defaults: batch 128, no shuffle, no augmentation, seed 0, all examples, one-hot,
   * prefetch 2.
   */
  public static final class Builder {
    private int batchSize = 128;
    private boolean shuffle;
    private boolean augment;
    private long seed;
    private Limit limit = Limit.ALL;
    private Normalization normalization;
    private LabelFormat labelFormat = LabelFormat.ONE_HOT;
    private int parallelism;
    private int prefetch = 2;
    private boolean dropRemainder;
    private long shuffleBuffer;
    private Holdout holdout;
    private Holdout.Part holdoutPart;
    private boolean exampleIndices;

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    public Builder augment(boolean v) {
      augment = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder limit(Limit v) {
      limit = v;
      return this;
    }

    /** First {@code n} examples. */
    public Builder limit(long n) {
      limit = Limit.first(n);
      return this;
    }

    public Builder normalization(Normalization v) {
      normalization = v;
      return this;
    }

    public Builder labelFormat(LabelFormat v) {
      labelFormat = v;
      return this;
    }

    public Builder parallelism(int v) {
      parallelism = v;
      return this;
    }

    public Builder prefetch(int v) {
      prefetch = v;
      return this;
    }

    public Builder dropRemainder(boolean v) {
      dropRemainder = v;
      return this;
    }

    public Builder shuffleBuffer(long v) {
      shuffleBuffer = v;
      return this;
    }

    /** Read only {@code part} of the split around {@code h} (null: the whole split). */
    public Builder holdout(Holdout h, Holdout.Part part) {
      holdout = h;
      holdoutPart = part;
      return this;
    }

    /** Also give each example's index, to name it in results. */
    public Builder exampleIndices(boolean v) {
      exampleIndices = v;
      return this;
    }

    public PipelineOptions build() {
      return new PipelineOptions(
          batchSize,
          shuffle,
          augment,
          seed,
          limit,
          normalization,
          labelFormat,
          parallelism,
          prefetch,
          dropRemainder,
          shuffleBuffer,
          holdout,
          holdoutPart,
          exampleIndices);
    }
  }
}
