package dev.reslab.analysis.study;

import dev.reslab.data.DataSpec;
import dev.reslab.data.PipelineOptions;
import java.util.Map;

/**
 * The data of a study: a {@link DataSpec} whose limits pick a seeded subset rather than the first N
 * examples. Image-folder data sets list their files in label order, so the first 2,000 CIFAR-10
 * JPEG training images are all airplanes and automobiles; a seeded subset keeps every class. The
 * same subset serves every variant and seed, so seed-to-seed spread is the training's, not the
 * data's.
 *
 * @param spec data set, splits, limits, augmentation
 * @param subsetSeed seed of the subsets when limits are set (0 = the first N)
 */
public record StudyData(DataSpec spec, long subsetSeed) {

  /** The key under which a run's {@code config.json} data description records the subset seed. */
  static final String SUBSET_SEED = "subsetSeed";

  public StudyData {
    spec =
        spec.withSubsetSeed(
            subsetSeed); // the spec carries the seed; this record keeps the study's view of it
  }

  /** {@code spec} with seeded subsets (seed 1). */
  public static StudyData of(DataSpec spec) {
    return new StudyData(spec, 1);
  }

  /** Pipeline options for a split (see {@link DataSpec#pipelineOptions}). */
  public PipelineOptions pipelineOptions(boolean training, int batchSize, long seed) {
    return spec.pipelineOptions(training, batchSize, seed);
  }

  /** The data description a run records. */
  public Map<String, Object> toMap() {
    return spec.toMap();
  }

  /** Reads a description written by {@link #toMap()} (or by {@code reslab train}). */
  public static StudyData fromMap(Map<String, Object> map) {
    DataSpec spec = DataSpec.fromMap(map);
    return new StudyData(spec, spec.subsetSeed());
  }
}
