package dev.reslab.cli;

import dev.reslab.data.DataException;
import dev.reslab.data.DataLocator;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags that name a data set and how its images are read, shared by the commands that train
 * ({@link DataOptions}) and {@code eval} ({@link EvalDataOptions}).
 */
public class DataSetOptions {

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
      names = "--subset-seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "with a --limit flag: a random subset drawn with this seed; 0 keeps the first N (default: 1)")
  long subsetSeed;

  /** The data set these flags name, without subsets. */
  DataSpec dataSetSpec() {
    return dataSetSpec(Map.of());
  }

  /**
   * The data set these flags name, without subsets; without {@code --data}, found as {@link
   * #locate(String, Path, Map)} finds it for a run that recorded {@code recorded}.
   */
  DataSpec dataSetSpec(Map<String, Object> recorded) {
    DataSpec spec =
        DataSpec.of(dataset, locate(dataset, data, recorded))
            .withImageSize(imageSize)
            .withSubsetSeed(subsetSeed);
    return runDefaults(attributes == null ? spec : spec.withAttributes(attributes), recorded);
  }

  /**
   * {@code spec} with what a run recorded of the same data set where {@code spec} leaves it open:
   * its image size and CelebA attributes. A CelebA run trained at 32x32 on two attributes is
   * evaluated on those, at that size, whether its data set is named or left out.
   */
  static DataSpec runDefaults(DataSpec spec, Map<String, Object> recorded) {
    if (!spec.dataset().equals(recorded.get("dataset"))) {
      return spec;
    }
    DataSpec run = DataSpec.fromMap(recorded);
    DataSpec.Builder b = spec.toBuilder();
    if (spec.imageSize() == 0) {
      b.imageSize(run.imageSize());
    }
    if (spec.attributes().isEmpty()) {
      b.attributes(run.attributes());
    }
    return b.build();
  }

  /**
   * The data a run recorded ({@code recorded}: its config.json's data), read from {@code given}
   * when that is not null. A recorded folder that is gone stops here with one line naming the run
   * ({@code run}) and the folder, rather than in the data set's reader.
   */
  static DataSpec recordedSpec(Path run, Map<String, Object> recorded, Path given) {
    DataSpec spec = DataSpec.fromMap(recorded);
    if (given != null) {
      return spec.withDir(given.toString());
    }
    if (spec.dir() == null || Files.isDirectory(Path.of(spec.dir()))) {
      return spec;
    }
    String name = spec.dataset();
    String elsewhere;
    try {
      elsewhere =
          ", or --dataset " + name + " alone to read the copy in " + DataLocator.locate(name, null);
    } catch (DataException e) {
      elsewhere = ""; // none under $RESLAB_DATA or ./data either
    }
    throw new DataException(
        "run "
            + run
            + " recorded its data set "
            + name
            + " in "
            + spec.dir()
            + ", which no longer exists; give the data set's folder with --dataset "
            + name
            + " --data DIR"
            + elsewhere);
  }

  /**
   * Where a data set's folder is when {@code --data} is not given; the error says how to get it.
   */
  static Path locate(String dataset, Path given) {
    return locate(dataset, given, Map.of());
  }

  /**
   * As {@link #locate(String, Path)}; when the usual places lack the data set and a run recorded a
   * folder for this same data set ({@code recorded}: its config.json's data), that folder if it is
   * still there. Naming the data set a run records thus finds what leaving the name out finds.
   */
  static Path locate(String dataset, Path given, Map<String, Object> recorded) {
    return locate(dataset, given, recorded, "the run");
  }

  /**
   * As {@link #locate(String, Path, Map)} for data that {@code recorder} ("the run", "study 'x'")
   * recorded.
   */
  static Path locate(String dataset, Path given, Map<String, Object> recorded, String recorder) {
    try {
      return DataLocator.locate(dataset, given);
    } catch (DataException e) {
      if (!Datasets.NAMES.contains(dataset)) {
        throw e; // a misspelt name: no folder would help
      }
      String kept =
          dataset.equals(recorded.get("dataset")) && recorded.get("dir") instanceof String dir
              ? dir
              : null;
      if (kept != null && Files.isDirectory(Path.of(kept))) {
        return Path.of(kept);
      }
      throw new DataException(
          e.getMessage()
              + (kept == null ? "" : " nor in " + kept + ", the folder " + recorder + " recorded")
              + "; give its folder with --data"
              + (dataset.equals("cifar10") || dataset.equals("imagenet-v2")
                  ? " or fetch it with 'reslab data download " + dataset + " --to DIR'"
                  : ""));
    }
  }
}
