package dev.reslab.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which data a run trains and validates on, recorded in the run's {@code config.json} so a resumed
 * run or a later {@code eval} reopens exactly the same data.
 *
 * @param dataset a name {@link Datasets#open} accepts
 * @param dir the data set's folder (null for synthetic data)
 * @param trainSplit split to train on
 * @param validationSplit split to validate on each epoch (null for none)
 * @param limitTrain first N training examples (0 = all)
 * @param limitValidation first N validation examples (0 = all)
 * @param imageSize output size where the data set allows it (0 = its default)
 * @param attributes CelebA attributes (empty = all 40)
 * @param augment training augmentation
 * @param dataSeed seed of generated (synthetic) data
 * @param subsetSeed with limits: 0 keeps the first N examples; any other value a random subset
 *     drawn with this seed (the default, 1: image folders list files class by class, so the first
 *     2,000 CIFAR-10 JPEGs are all airplanes and automobiles)
 * @param normalization per-channel mean/std the pipelines apply (null = the data set's own);
 *     pretrained weights bring the statistics they were trained with
 * @param holdout with {@code validationSplit} {@value #HOLDOUT}: the part of the training split
 *     that validates (seeded, stratified by class) and that training leaves out
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSpec(
    String dataset,
    String dir,
    String trainSplit,
    String validationSplit,
    long limitTrain,
    long limitValidation,
    int imageSize,
    List<String> attributes,
    boolean augment,
    long dataSeed,
    long subsetSeed,
    Normalization normalization,
    Holdout holdout) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The validation split name for a part held out of the training split. */
  public static final String HOLDOUT = "holdout";

  /** The subset seed of a spec that names none. */
  public static final long DEFAULT_SUBSET_SEED = 1;

  public DataSpec {
    if (dataset == null || dataset.isBlank()) {
      throw new DataException(
          "a data set name is required; expected one of " + String.join(", ", Datasets.NAMES));
    }
    if (!Datasets.NAMES.contains(dataset)) {
      throw new DataException(
          "unknown data set '"
              + dataset
              + "'; expected one of "
              + String.join(", ", Datasets.NAMES));
    }
    if (limitTrain < 0 || limitValidation < 0) {
      throw new IllegalArgumentException("limits must be 0 (all) or a positive number of examples");
    }
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    trainSplit = trainSplit == null ? "train" : trainSplit;
    if (HOLDOUT.equals(validationSplit)) {
      holdout = holdout == null ? Holdout.TEN_PERCENT : holdout;
    } else {
      holdout = null;
    }
  }

  /** What the console, config.json and reports say when the epoch is chosen on the test split. */
  public static final String TEST_SELECTION_WARNING =
      "the best epoch is chosen on the test split, so test accuracy "
          + "is biased upwards by model selection";

  /**
   * The data set with its usual validation: CelebA and synthetic data validate on {@code valid};
   * CIFAR-10 (binary and JPEG), which has no validation split, on a seeded, stratified 10 % of its
   * training split, so the test split stays unseen until evaluation; image folders on {@code test};
   * ImageNet-V2 (a test set) on nothing.
   */
  public static DataSpec of(String dataset, Path dir) {
    Builder spec = builder(dataset).dir(dir == null ? null : dir.toString());
    return switch (dataset) {
      case "celeba", "synthetic", "synthetic-multilabel" -> spec.validationSplit("valid").build();
      case "cifar10", "cifar10-jpeg" -> spec.holdout(Holdout.TEN_PERCENT).build();
      case "imagenet-v2" -> spec.build();
      default -> spec.validationSplit("test").build();
    };
  }

  /**
   * A spec of {@code dataset} that trains on {@code train}, validates on nothing, with augmentation
   * and a seeded subset under limits; {@link #of} adds the data set's usual validation.
   */
  public static Builder builder(String dataset) {
    return new Builder(dataset);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public DataSpec withLimits(long train, long validation) {
    return toBuilder().limits(train, validation).build();
  }

  public DataSpec withAttributes(List<String> names) {
    return toBuilder().attributes(names).build();
  }

  public DataSpec withImageSize(int size) {
    return toBuilder().imageSize(size).build();
  }

  /** Validation on another split ({@code valid}, {@code test}; null for none): no holdout. */
  public DataSpec withValidationSplit(String split) {
    return toBuilder().validationSplit(split).build();
  }

  /**
   * Validation on a seeded, stratified part of the training split, which training then leaves out.
   */
  public DataSpec withHoldout(Holdout part) {
    return toBuilder().holdout(part).build();
  }

  /** The same data read from another folder (this machine's copy). */
  public DataSpec withDir(String folder) {
    return toBuilder().dir(folder).build();
  }

  public DataSpec withSubsetSeed(long seed) {
    return toBuilder().subsetSeed(seed).build();
  }

  public DataSpec withAugment(boolean on) {
    return toBuilder().augment(on).build();
  }

  /**
   * The pipelines normalise with {@code n} instead of the data set's statistics (null: the data
   * set's).
   */
  public DataSpec withNormalization(Normalization n) {
    return toBuilder().normalization(n).build();
  }

  /** Settings of a {@link DataSpec}; checked when built. */
  public static final class Builder {
    private final String dataset;
    private String dir;
    private String trainSplit = "train";
    private String validationSplit;
    private long limitTrain;
    private long limitValidation;
    private int imageSize;
    private List<String> attributes = List.of();
    private boolean augment = true;
    private long dataSeed;
    private long subsetSeed = DEFAULT_SUBSET_SEED;
    private Normalization normalization;
    private Holdout holdout;

    private Builder(String dataset) {
      this.dataset = dataset;
    }

    private Builder(DataSpec s) {
      this(s.dataset);
      dir = s.dir;
      trainSplit = s.trainSplit;
      validationSplit = s.validationSplit;
      limitTrain = s.limitTrain;
      limitValidation = s.limitValidation;
      imageSize = s.imageSize;
      attributes = s.attributes;
      augment = s.augment;
      dataSeed = s.dataSeed;
      subsetSeed = s.subsetSeed;
      normalization = s.normalization;
      holdout = s.holdout;
    }

    /** The data set's folder (null for synthetic data). */
    public Builder dir(String folder) {
      this.dir = folder;
      return this;
    }

    public Builder trainSplit(String split) {
      this.trainSplit = split;
      return this;
    }

    /** Validation on another split ({@code valid}, {@code test}; null for none): no holdout. */
    public Builder validationSplit(String split) {
      this.validationSplit = split;
      this.holdout = null;
      return this;
    }

    /** Validation on a seeded, stratified part of the training split. */
    public Builder holdout(Holdout part) {
      this.validationSplit = HOLDOUT;
      this.holdout = part;
      return this;
    }

    /** The first (or, with a subset seed, a random) N examples; 0 = all. */
    public Builder limits(long train, long validation) {
      this.limitTrain = train;
      this.limitValidation = validation;
      return this;
    }

    public Builder imageSize(int size) {
      this.imageSize = size;
      return this;
    }

    public Builder attributes(List<String> names) {
      this.attributes = names;
      return this;
    }

    public Builder augment(boolean on) {
      this.augment = on;
      return this;
    }

    public Builder dataSeed(long seed) {
      this.dataSeed = seed;
      return this;
    }

    public Builder subsetSeed(long seed) {
      this.subsetSeed = seed;
      return this;
    }

    public Builder normalization(Normalization n) {
      this.normalization = n;
      return this;
    }

    public DataSpec build() {
      return new DataSpec(
          dataset,
          dir,
          trainSplit,
          validationSplit,
          limitTrain,
          limitValidation,
          imageSize,
          attributes,
          augment,
          dataSeed,
          subsetSeed,
          normalization,
          holdout);
    }
  }

  /**
   * Whether the epoch is chosen on the test split, which biases the test accuracy reported later.
   */
  @JsonIgnore
  public boolean selectsOnTest() {
    return "test".equals(validationSplit);
  }

  /**
   * Opens one split; {@value #HOLDOUT} opens the training split (the pipeline options choose the
   * part).
   */
  public ImageDataset open(String split) {
    if (HOLDOUT.equals(split)) {
      split = trainSplit;
    }
    DatasetOptions options =
        DatasetOptions.DEFAULTS.toBuilder()
            .seed(dataSeed)
            .imageSize(imageSize)
            .attributes(attributes)
            .build();
    return Datasets.open(dataset, dir == null ? null : Path.of(dir), Split.parse(split), options);
  }

  /** As recorded in config.json. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap() {
    return JSON.convertValue(this, Map.class);
  }

  /**
   * What a run records about its data: this spec plus the data set's normalisation ({@code
   * normalization.mean}, {@code normalization.std}), which an export puts inside the served graph.
   */
  public Map<String, Object> describe(ImageDataset data) {
    Map<String, Object> map = new LinkedHashMap<>(toMap());
    if (dir != null) {
      // Absolute: a relative folder (../shared/data/cifar10) would point elsewhere, or nowhere,
      // from any other working folder that later evaluates or resumes the run.
      map.put("dir", Path.of(dir).toAbsolutePath().normalize().toString());
    }
    Normalization n = normalization != null ? normalization : data.info().normalization();
    map.put("normalization", Map.of("mean", n.mean(), "std", n.std()));
    map.put("labels", data.info().labelNames());
    // The size the model saw, whatever set it (the data set's own, --image-size, a default):
    // image files and exports are brought to it later.
    map.put("imageHeight", data.info().height());
    map.put("imageWidth", data.info().width());
    if (selectsOnTest()) {
      map.put("model_selection_warning", TEST_SELECTION_WARNING);
    }
    return map;
  }

  /**
   * The normalisation a run recorded ({@code normalization.mean/std} in its data description), or
   * null. Evaluating a run must preprocess as it was trained (imported He et al. weights expect
   * ImageNet statistics even on CIFAR).
   */
  @SuppressWarnings("unchecked")
  public static Normalization recordedNormalization(Map<String, Object> data) {
    if (data.get("normalization") instanceof Map<?, ?> m
        && m.get("mean") instanceof List<?> mean
        && m.get("std") instanceof List<?> std) {
      return new Normalization(floats((List<Number>) mean), floats((List<Number>) std));
    }
    return null;
  }

  private static float[] floats(List<Number> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i).floatValue();
    }
    return f;
  }

  public static DataSpec fromMap(Map<String, Object> map) {
    try {
      return JSON.convertValue(map, DataSpec.class);
    } catch (IllegalArgumentException e) {
      throw new DataException(
          "the run's data description is not valid: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * Pipeline options of a run's training ({@code training}) or validation data: training shuffles
   * and augments, validation keeps the data set's order; with a holdout, training reads the rest of
   * the training split and validation the held-out part.
   */
  public PipelineOptions pipelineOptions(boolean training, int batchSize, long seed) {
    long limit = training ? limitTrain : limitValidation;
    PipelineOptions.Builder b =
        PipelineOptions.builder()
            .batchSize(batchSize)
            .seed(seed)
            .shuffle(training)
            .augment(training && augment)
            .normalization(normalization)
            .holdout(holdout, training ? Holdout.Part.REST : Holdout.Part.HELD_OUT);
    if (limit > 0) {
      // A different stream for the validation subset, so the two never share a selection pattern.
      b.limit(
          subsetSeed == 0
              ? Limit.first(limit)
              : Limit.seededSubset(limit, training ? subsetSeed : subsetSeed + 7919));
    }
    return b.build();
  }

  /**
   * Pipeline options that evaluate a whole split, in order, as the run normalised it; {@code limit}
   * > 0 takes a seeded subset instead (a run's own validation limit never applies here).
   */
  public PipelineOptions evaluationOptions(int batchSize, long limit) {
    return PipelineOptions.builder()
        .batchSize(batchSize)
        .normalization(normalization)
        .limit(evaluationLimit(limit))
        .build();
  }

  /**
   * The images an evaluation of {@code limit} images (0: all) reads: the same seeded subset for
   * {@code eval} and every analysis command, so their numbers are about the same images.
   */
  public Limit evaluationLimit(long limit) {
    return evaluationLimit(limit, subsetSeed);
  }

  /** {@link #evaluationLimit(long)} of a spec with this subset seed (0: the first N). */
  public static Limit evaluationLimit(long limit, long subsetSeed) {
    if (limit <= 0) {
      return Limit.ALL;
    }
    return subsetSeed == 0 ? Limit.first(limit) : Limit.seededSubset(limit, subsetSeed + 7919);
  }
}
