package dev.reslab.cli;

import dev.reslab.data.DataException;
import dev.reslab.data.DataLocator;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Datasets;
import dev.reslab.data.Holdout;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The data flags shared by {@code train} and {@code eval}. */
public final class DataOptions {

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      required = true,
      description =
          "cifar10, cifar10-jpeg, folder, celeba, imagenet-v2, synthetic or synthetic-multilabel")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "the data set's folder (default: found under $RESLAB_DATA, then ./data)")
  Path data;

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
      names = "--image-size",
      paramLabel = "PIXELS",
      description = "image size where the data set allows it")
  int imageSize;

  @Option(
      names = "--attributes",
      paramLabel = "A,B,..",
      split = ",",
      description = "CelebA attributes (default: all 40)")
  List<String> attributes;

  @Option(
      names = "--val-split",
      paramLabel = "SPLIT",
      description =
          "what validates each epoch and picks the best one: holdout (a seeded, stratified 10 %% of the "
              + "training split, left out of training), valid, test (biases test accuracy) or none (default: holdout "
              + "for CIFAR-10, valid for CelebA and synthetic data, test for image folders)")
  String validationSplit;

  @Option(
      names = "--val-seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "seed of the holdout validation part (default: ${DEFAULT-VALUE})")
  long validationSeed;

  @Option(names = "--no-augment", description = "train without augmentation (crop and flip)")
  boolean noAugment;

  @Option(
      names = "--subset-seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "with --limit-*: a random subset drawn with this seed; 0 keeps the first N (default: 1)")
  long subsetSeed;

  /** The data these flags describe. */
  DataSpec toSpec() {
    DataSpec spec =
        DataSpec.of(dataset, locate(dataset, data))
            .withLimits(limitTrain, limitVal)
            .withImageSize(imageSize)
            .withSubsetSeed(subsetSeed);
    if (attributes != null) {
      spec = spec.withAttributes(attributes);
    }
    if (validationSplit != null && !validationSplit.equals(DataSpec.HOLDOUT)) {
      spec = spec.withValidationSplit(validationSplit.equals("none") ? null : validationSplit);
    } else if (validationSplit != null || DataSpec.HOLDOUT.equals(spec.validationSplit())) {
      spec = spec.withHoldout(new Holdout(Holdout.TEN_PERCENT.fraction(), validationSeed));
    }
    if (noAugment) {
      spec = spec.withAugment(false);
    }
    return spec;
  }

  /**
   * Where a data set's folder is when {@code --data} is not given; the error says how to get it.
   */
  static Path locate(String dataset, Path given) {
    try {
      return DataLocator.locate(dataset, given);
    } catch (DataException e) {
      if (!Datasets.NAMES.contains(dataset)) {
        throw e; // a misspelt name: no folder would help
      }
      throw new DataException(
          e.getMessage()
              + "; give its folder with --data"
              + (dataset.equals("cifar10") || dataset.equals("imagenet-v2")
                  ? " or fetch it with 'reslab data download " + dataset + " --to DIR'"
                  : ""));
    }
  }
}
