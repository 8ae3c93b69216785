package dev.reslab.cli;

import dev.reslab.data.DataException;
import dev.reslab.data.DataSpec;
import dev.reslab.data.EmptySplitException;
import dev.reslab.data.Holdout;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import picocli.CommandLine.Option;

/**
 * The data flags of the training commands ({@code train}, {@code ablate}, {@code sweep}, {@code
 * tune}): the data set, and the subsets, validation split and augmentation only training has.
 */
public final class DataOptions extends DataSetOptions {

  @Option(
      names = "--limit-train",
      paramLabel = "N",
      description = "use N training examples: a seeded random subset (see --subset-seed)")
  long limitTrain;

  @Option(
      names = "--limit-val",
      paramLabel = "N",
      description = "use N validation/evaluation examples: a seeded random subset")
  long limitVal;

  @Option(
      names = "--val-split",
      paramLabel = "SPLIT",
      description =
          "what validates each epoch and picks the best one: holdout (a seeded, stratified 10 %% of the "
              + "training split, left out of training), valid, test (biases test accuracy) or none (default: holdout "
              + "for CIFAR-10, valid for CelebA and synthetic data, test for image folders, none for ImageNet-V2)")
  String validationSplit;

  @Option(
      names = "--val-seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "seed of the holdout validation part (default: ${DEFAULT-VALUE})")
  long validationSeed;

  @Option(names = "--no-augment", description = "train without augmentation (crop and flip)")
  boolean noAugment;

  /** The data these flags describe. */
  DataSpec toSpec() {
    DataSpec spec = dataSetSpec().withLimits(limitTrain, limitVal);
    if (validationSplit != null && !validationSplit.equals(DataSpec.HOLDOUT)) {
      spec = spec.withValidationSplit(validationSplit.equals("none") ? null : validationSplit);
    } else if (validationSplit != null || DataSpec.HOLDOUT.equals(spec.validationSplit())) {
      spec = spec.withHoldout(new Holdout(Holdout.TEN_PERCENT.fraction(), validationSeed));
    }
    if (noAugment) {
      spec = spec.withAugment(false);
    }
    checkValidationSplit(spec);
    return spec;
  }

  /**
   * A validation split without images (a cut CelebA attribute file puts every row in the train
   * partition, a 10 % holdout of classes with fewer than 5 images holds out none) stops before a
   * run or study is written, saying how to validate instead.
   */
  private static void checkValidationSplit(DataSpec spec) {
    String split = spec.validationSplit();
    if (DataSpec.HOLDOUT.equals(split)) {
      // A holdout that holds out nothing (one image per class) shows when its pipeline is built.
      try (Graph g = new Graph()) {
        spec.open(split).pipeline(Ops.create(g), spec.pipelineOptions(false, 1, 0));
      }
      return;
    }
    if (split == null || split.equals(spec.trainSplit())) {
      return;
    }
    try {
      spec.open(split);
    } catch (EmptySplitException e) {
      throw new DataException(
          e.getMessage()
              + "; validate on a held-out part of the training split with --val-split holdout, "
              + "or on nothing with --val-split none");
    }
  }
}
