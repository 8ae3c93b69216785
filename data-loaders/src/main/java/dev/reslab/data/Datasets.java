package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens a data set by name: {@code cifar10} (binary batches), {@code cifar10-jpeg} / {@code folder}
 * (image folders), {@code celeba}, {@code imagenet-v2}, {@code synthetic}, {@code
 * synthetic-multilabel}. Problems with the files are {@link DataException}s with a one-line
 * message.
 */
public final class Datasets {
  /** The names {@link #open} accepts. */
  public static final List<String> NAMES =
      List.of(
          "cifar10",
          "cifar10-jpeg",
          "folder",
          "celeba",
          "imagenet-v2",
          "synthetic",
          "synthetic-multilabel");

  private Datasets() {}

  /** Opens {@code name} in {@code dir} (ignored for synthetic data) with default settings. */
  public static ImageDataset open(String name, Path dir, Split split) {
    return open(name, dir, split, DatasetOptions.DEFAULTS);
  }

  /**
   * Opens {@code name}. {@code dir} is the data set's own folder: {@code cifar-10-batches-bin} (or
   * its parent) for cifar10; the folder holding {@code train/} and {@code test/} (or the class
   * folders themselves) for image folders; the folder with {@code list_attr_celeba.txt} for CelebA;
   * the folder of class-index folders for ImageNet-V2.
   */
  public static ImageDataset open(String name, Path dir, Split split, DatasetOptions options) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "synthetic":
        return SyntheticDataset.multiClass(
            options.seed(),
            split,
            options.examples() > 0 ? options.examples() : SyntheticDataset.defaultExamples(split));
      case "synthetic-multilabel":
        return SyntheticDataset.multiLabel(
            options.seed(),
            split,
            options.examples() > 0 ? options.examples() : SyntheticDataset.defaultExamples(split));
      default:
        break;
    }
    if (dir == null) {
      throw new DataException("data set " + n + " needs a data directory");
    }
    switch (n) {
      case "cifar10":
        return Cifar10Dataset.open(dir, split);
      case "cifar10-jpeg":
        {
          Path jpeg = Files.isDirectory(dir.resolve("jpeg")) ? dir.resolve("jpeg") : dir;
          return ImageFolderDataset.open(
              "cifar10-jpeg",
              ImageFolderDataset.splitFolder(jpeg, split),
              options.classes(),
              options.imageSize() > 0 ? options.imageSize() : Cifar10Dataset.SIZE,
              Normalization.CIFAR10,
              Augmentation.CROP_AND_FLIP);
        }
      case "folder":
        return ImageFolderDataset.open(
            ImageFolderDataset.splitFolder(dir, split), options.classes(), options.imageSize());
      case "celeba":
        return CelebADataset.open(
            dir,
            split,
            options.attributes(),
            options.imageSize() > 0 ? options.imageSize() : CelebADataset.DEFAULT_SIZE);
      case "imagenet-v2":
        return ImageNetV2Dataset.open(dir, options.imageSize() > 0 ? options.imageSize() : 224);
      default:
        throw new DataException(
            "unknown data set '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
