package dev.reslab.data;

import java.util.List;

/**
 * Settings for {@link Datasets#open}; each applies only to the data sets that have it.
 *
 * @param seed synthetic data: generation seed
 * @param examples synthetic data: images in the split (0 = {@link
 *     SyntheticDataset#defaultExamples})
 * @param imageSize image folder and CelebA: output height and width (0 = the data set's default)
 * @param attributes CelebA: the attributes to use (empty = all 40)
 * @param classes image folder: class folder names in label order (empty = the sorted sub-folders)
 */
public record DatasetOptions(
    long seed, int examples, int imageSize, List<String> attributes, List<String> classes) {
  public static final DatasetOptions DEFAULTS = new DatasetOptions(0, 0, 0, List.of(), List.of());

  public DatasetOptions {
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    classes = classes == null ? List.of() : List.copyOf(classes);
    if (examples < 0 || imageSize < 0) {
      throw new IllegalArgumentException("examples and image size must be >= 0");
    }
  }

  public DatasetOptions withSeed(long v) {
    return new DatasetOptions(v, examples, imageSize, attributes, classes);
  }

  public DatasetOptions withExamples(int v) {
    return new DatasetOptions(seed, v, imageSize, attributes, classes);
  }

  public DatasetOptions withImageSize(int v) {
    return new DatasetOptions(seed, examples, v, attributes, classes);
  }

  public DatasetOptions withAttributes(List<String> v) {
    return new DatasetOptions(seed, examples, imageSize, v, classes);
  }

  public DatasetOptions withClasses(List<String> v) {
    return new DatasetOptions(seed, examples, imageSize, attributes, v);
  }
}
