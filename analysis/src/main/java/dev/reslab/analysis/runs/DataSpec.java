package dev.reslab.analysis.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import dev.reslab.data.DataPipeline;
import dev.reslab.data.DatasetOptions;
import dev.reslab.data.Datasets;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Limit;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Split;
import dev.reslab.model.training.InputPipeline;
import dev.reslab.model.training.InputSource;

/**
 * Which data a run trains and validates on, recorded in the run's {@code config.json} so a resumed run or a later
 * {@code eval} reopens exactly the same data.
 *
 * @param dataset         a name {@link Datasets#open} accepts
 * @param dir             the data set's folder (null for synthetic data)
 * @param trainSplit      split to train on
 * @param validationSplit split to validate on each epoch (null for none)
 * @param limitTrain      first N training examples (0 = all)
 * @param limitValidation first N validation examples (0 = all)
 * @param imageSize       output size where the data set allows it (0 = its default)
 * @param attributes      CelebA attributes (empty = all 40)
 * @param augment         training augmentation
 * @param dataSeed        seed of generated (synthetic) data
 * @param subsetSeed      with limits: 0 keeps the first N examples; any other value a random subset drawn with this
 *                        seed (the default, 1: image folders list files class by class, so the first 2,000 CIFAR-10
 *                        JPEGs are all airplanes and automobiles)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record DataSpec(String dataset, String dir, String trainSplit, String validationSplit, long limitTrain,
                       long limitValidation, int imageSize, List<String> attributes, boolean augment,
                       long dataSeed, long subsetSeed) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public DataSpec {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("a data set name is required; expected one of "
          + String.join(", ", Datasets.NAMES));
    }
    if (!Datasets.NAMES.contains(dataset)) {
      throw new IllegalArgumentException("unknown data set '" + dataset + "'; expected one of "
          + String.join(", ", Datasets.NAMES));
    }
    if (limitTrain < 0 || limitValidation < 0) {
      throw new IllegalArgumentException("limits must be 0 (all) or a positive number of examples");
    }
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    trainSplit = trainSplit == null ? "train" : trainSplit;
  }

  /** The data set with its usual splits: CelebA and synthetic data validate on {@code valid}, others on {@code test}. */
  public static DataSpec of(String dataset, Path dir) {
    String validation = dataset.equals("celeba") || dataset.startsWith("synthetic") ? "valid"
        : dataset.equals("imagenet-v2") ? null : "test";
    return new DataSpec(dataset, dir == null ? null : dir.toString(), "train", validation, 0, 0, 0, List.of(), true,
        0, 1);
  }

  public DataSpec withLimits(long train, long validation) {
    return new DataSpec(dataset, dir, trainSplit, validationSplit, train, validation, imageSize, attributes, augment,
        dataSeed, subsetSeed);
  }

  public DataSpec withAttributes(List<String> names) {
    return new DataSpec(dataset, dir, trainSplit, validationSplit, limitTrain, limitValidation, imageSize, names,
        augment, dataSeed, subsetSeed);
  }

  public DataSpec withImageSize(int size) {
    return new DataSpec(dataset, dir, trainSplit, validationSplit, limitTrain, limitValidation, size, attributes,
        augment, dataSeed, subsetSeed);
  }

  public DataSpec withValidationSplit(String split) {
    return new DataSpec(dataset, dir, trainSplit, split, limitTrain, limitValidation, imageSize, attributes, augment,
        dataSeed, subsetSeed);
  }

  /** The same data read from another folder (this machine's copy). */
  public DataSpec withDir(String folder) {
    return new DataSpec(dataset, folder, trainSplit, validationSplit, limitTrain, limitValidation, imageSize,
        attributes, augment, dataSeed, subsetSeed);
  }

  public DataSpec withSubsetSeed(long seed) {
    return new DataSpec(dataset, dir, trainSplit, validationSplit, limitTrain, limitValidation, imageSize, attributes,
        augment, dataSeed, seed);
  }

  public DataSpec withAugment(boolean on) {
    return new DataSpec(dataset, dir, trainSplit, validationSplit, limitTrain, limitValidation, imageSize, attributes,
        on, dataSeed, subsetSeed);
  }

  /** Opens one split. */
  public ImageDataset open(String split) {
    DatasetOptions options = DatasetOptions.DEFAULTS.withSeed(dataSeed).withImageSize(imageSize)
        .withAttributes(attributes);
    return Datasets.open(dataset, dir == null ? null : Path.of(dir), Split.parse(split), options);
  }

  /** As recorded in config.json. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap() {
    return JSON.convertValue(this, Map.class);
  }

  /**
   * What a run records about its data: this spec plus the data set's normalisation ({@code normalization.mean},
   * {@code normalization.std}), which an export puts inside the served graph.
   */
  public Map<String, Object> describe(ImageDataset data) {
    Map<String, Object> map = new java.util.LinkedHashMap<>(toMap());
    dev.reslab.data.Normalization n = data.info().normalization();
    map.put("normalization", Map.of("mean", n.mean(), "std", n.std()));
    map.put("labels", data.info().labelNames());
    return map;
  }

  /**
   * The normalisation a run recorded ({@code normalization.mean/std} in its data description), or null. Evaluating
   * a run must preprocess as it was trained (imported He et al. weights expect ImageNet statistics even on CIFAR).
   */
  @SuppressWarnings("unchecked")
  public static dev.reslab.data.Normalization recordedNormalization(Map<String, Object> data) {
    if (data.get("normalization") instanceof Map<?, ?> m && m.get("mean") instanceof List<?> mean
        && m.get("std") instanceof List<?> std) {
      return new dev.reslab.data.Normalization(floats((List<Number>) mean), floats((List<Number>) std));
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
      throw new IllegalArgumentException("the run's data description is not valid: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Pipeline options for a split: training shuffles and augments, evaluation keeps the data set's order. */
  public PipelineOptions pipelineOptions(boolean training, int batchSize, long seed) {
    long limit = training ? limitTrain : limitValidation;
    PipelineOptions.Builder b = PipelineOptions.builder().batchSize(batchSize).seed(seed)
        .shuffle(training).augment(training && augment);
    if (limit > 0) {
      // A different stream for the validation subset, so the two never share a selection pattern.
      b.limit(subsetSeed == 0 ? Limit.first(limit)
          : Limit.seededSubset(limit, training ? subsetSeed : subsetSeed + 7919));
    }
    return b.build();
  }

  /** The data set's pipeline as the training engine's input (the engine does not know the data module). */
  public static InputSource inputSource(ImageDataset data, PipelineOptions options) {
    return tf -> {
      DataPipeline p = data.pipeline(tf, options);
      return new InputPipeline() {
        @Override
        public Operand<TFloat32> images() {
          return p.images();
        }

        @Override
        public Operand<TFloat32> labels() {
          return p.labels();
        }

        @Override
        public void startEpoch(Session session, int epoch) {
          p.startEpoch(session, epoch);
        }

        @Override
        public long examples() {
          return p.examples();
        }
      };
    };
  }
}
