package dev.reslab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a data set's folder is when none is given: under {@code $RESLAB_DATA}, then under {@code
 * ./data}, in the sub-folder the team's shared data uses ({@code cifar10/}, {@code celeba/}, {@code
 * imagenet/}).
 */
public final class DataLocator {
  private DataLocator() {}

  /**
   * {@code given} if not null (synthetic data needs no folder); else the first existing candidate
   * folder.
   *
   * @throws IllegalArgumentException for an unknown data set name
   * @throws DataException when the data set is found in none of the candidate folders
   */
  public static Path locate(String dataset, Path given) {
    return locate(dataset, given, roots());
  }

  static Path locate(String dataset, Path given, List<Path> roots) {
    if (!Datasets.NAMES.contains(dataset)) {
      throw new DataException(
          "unknown data set '"
              + dataset
              + "'; expected one of "
              + String.join(", ", Datasets.NAMES));
    }
    if (given != null || dataset.startsWith("synthetic")) {
      return given;
    }
    for (Path root : roots) {
      Path dir = root.resolve(subfolder(dataset));
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new DataException(
        "no folder given for "
            + dataset
            + " and it was not found under "
            + String.join(
                " or ",
                roots.stream().map(p -> p.resolve(subfolder(dataset)).toString()).toList()));
  }

  /** $RESLAB_DATA, then ./data. */
  public static List<Path> roots() {
    String env = System.getenv("RESLAB_DATA");
    return env == null || env.isBlank()
        ? List.of(Path.of("data"))
        : List.of(Path.of(env), Path.of("data"));
  }

  private static String subfolder(String dataset) {
    return switch (dataset) {
      case "cifar10", "cifar10-jpeg" -> "cifar10";
      case "imagenet-v2" -> "imagenet";
      default -> dataset;
    };
  }
}
