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

  public Builder toBuilder() {
    return new Builder(this);
  }

  public DatasetOptions withSeed(long v) {
    return toBuilder().seed(v).build();
  }

  public DatasetOptions withExamples(int v) {
    return toBuilder().examples(v).build();
  }

  public DatasetOptions withImageSize(int v) {
    return toBuilder().imageSize(v).build();
  }

  public DatasetOptions withAttributes(List<String> v) {
    return toBuilder().attributes(v).build();
  }

  public DatasetOptions withClasses(List<String> v) {
    return toBuilder().classes(v).build();
  }

  /** Settings of a {@link DatasetOptions}, from {@link #DEFAULTS}; checked when built. */
  public static final class Builder {
    private long seed;
    private int examples;
    private int imageSize;
    private List<String> attributes;
    private List<String> classes;

    private Builder(DatasetOptions o) {
      seed = o.seed;
      examples = o.examples;
      imageSize = o.imageSize;
      attributes = o.attributes;
      classes = o.classes;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder examples(int v) {
      examples = v;
      return this;
    }

    public Builder imageSize(int v) {
      imageSize = v;
      return this;
    }

    public Builder attributes(List<String> v) {
      attributes = v;
      return this;
    }

    public Builder classes(List<String> v) {
      classes = v;
      return this;
    }

    public DatasetOptions build() {
      return new DatasetOptions(seed, examples, imageSize, attributes, classes);
    }
  }
}
