package dev.reslab.analysis.study;

import java.util.LinkedHashMap;
import java.util.Map;
import dev.reslab.analysis.runs.DataSpec;
import dev.reslab.data.Limit;
import dev.reslab.data.PipelineOptions;

/**
 * The data of a study: a {@link DataSpec} whose limits pick a seeded subset rather than the first N examples.
 * Image-folder data sets list their files in label order, so the first 2,000 CIFAR-10 JPEG training images are all
 * airplanes and automobiles; a seeded subset keeps every class. The same subset serves every variant and seed, so
 * seed-to-seed spread is the training's, not the data's.
 *
 * @param spec       data set, splits, limits, augmentation
 * @param subsetSeed seed of the subsets when limits are set (0 = the first N, as {@link DataSpec} does)
 */
public record StudyData(DataSpec spec, long subsetSeed) {

  /** The key under which a run's {@code config.json} data description records the subset seed. */
  static final String SUBSET_SEED = "subsetSeed";

  /** {@code spec} with seeded subsets (seed 1). */
  public static StudyData of(DataSpec spec) {
    return new StudyData(spec, 1);
  }

  /** Pipeline options for a split: {@link DataSpec#pipelineOptions} with the limit made a seeded subset. */
  public PipelineOptions pipelineOptions(boolean training, int batchSize, long seed) {
    PipelineOptions options = spec.pipelineOptions(training, batchSize, seed);
    long limit = training ? spec.limitTrain() : spec.limitValidation();
    if (limit > 0 && subsetSeed != 0) {
      // a different stream for the validation subset, so the two never share a selection pattern
      options = options.toBuilder().limit(Limit.seededSubset(limit, training ? subsetSeed : subsetSeed + 7919))
          .build();
    }
    return options;
  }

  /** The data description a run records: the spec's, plus the subset seed when one is used. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(spec.toMap());
    if (subsetSeed != 0 && (spec.limitTrain() > 0 || spec.limitValidation() > 0)) {
      map.put(SUBSET_SEED, subsetSeed);
    }
    return map;
  }

  /** Reads a description written by {@link #toMap()} (or by {@code reslab train}). */
  public static StudyData fromMap(Map<String, Object> map) {
    Map<String, Object> rest = new LinkedHashMap<>(map);
    Object seed = rest.remove(SUBSET_SEED);
    return new StudyData(DataSpec.fromMap(rest), seed == null ? 0 : ((Number) seed).longValue());
  }
}
