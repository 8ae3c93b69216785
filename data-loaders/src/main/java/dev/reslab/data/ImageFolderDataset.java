package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.FileListSource;
import dev.reslab.data.pipeline.ImageTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.op.Ops;

/**
 * Images in class folders, {@code <root>/<class>/<image>} (JPEG, PNG, BMP, GIF), classes in sorted
 * order or from a given list. Images are resized (shorter side, then a centre crop) to a square
 * size; for CIFAR-10 JPEGs that is 32.
 */
public final class ImageFolderDataset implements ImageDataset {
  private final String name;
  private final Path root;
  private final List<String> classes;
  private final List<Path> files;
  private final long[] labels;
  private final int size;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private final boolean allFit;

  private ImageFolderDataset(
      String name,
      Path root,
      List<String> classes,
      List<Path> files,
      long[] labels,
      int size,
      Normalization normalization,
      Augmentation augmentation,
      boolean allFit) {
    this.allFit = allFit;
    this.name = name;
    this.root = root;
    this.classes = classes;
    this.files = files;
    this.labels = labels;
    this.size = size;
    this.normalization = normalization;
    this.augmentation = augmentation;
  }

  /**
   * Scans {@code root}. {@code classes} empty means every sub-folder in sorted order; {@code size}
   * 0 means the height of the first image.
   */
  public static ImageFolderDataset open(Path root, List<String> classes, int size) {
    return open("folder", root, classes, size, Normalization.IMAGENET, Augmentation.FLIP);
  }

  /** Scans {@code root} with a given name, normalisation and training augmentation. */
  public static ImageFolderDataset open(
      String name,
      Path root,
      List<String> classes,
      int size,
      Normalization normalization,
      Augmentation augmentation) {
    if (!Files.isDirectory(root)) {
      throw new DataException("image folder " + root + " does not exist");
    }
    List<String> names =
        classes.isEmpty()
            ? ImageFiles.subfolders(root).stream().map(p -> p.getFileName().toString()).toList()
            : List.copyOf(classes);
    if (names.isEmpty()) {
      throw new DataException(
          "image folder " + root + " has no class sub-folders (expected <root>/<class>/<image>)");
    }
    List<Path> files = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      Path folder = root.resolve(names.get(c));
      if (!Files.isDirectory(folder)) {
        throw new DataException("class folder " + folder + " does not exist");
      }
      List<Path> images = ImageFiles.list(folder);
      if (images.isEmpty()) {
        throw new DataException("class folder " + folder + " has no JPEG or PNG images");
      }
      files.addAll(images);
      for (int i = 0; i < images.size(); i++) {
        labels.add((long) c);
      }
    }
    List<int[]> sizes = ImageFiles.checkAndMeasure(files);
    int s =
        size > 0 ? size : sizes.get(0) != null ? sizes.get(0)[0] : ImageFiles.size(files.get(0))[0];
    // Resampling costs more than decoding a small JPEG: skip it when every header says the image
    // already fits.
    boolean allFit = sizes.stream().allMatch(hw -> hw != null && hw[0] == s && hw[1] == s);
    return new ImageFolderDataset(
        name,
        root,
        names,
        List.copyOf(files),
        labels.stream().mapToLong(Long::longValue).toArray(),
        s,
        normalization,
        augmentation,
        allFit);
  }

  /**
   * The folder of {@code split} under {@code dir}: {@code dir/<split>} if present, else {@code
   * <split>.tar} extracted into the cache, else {@code dir} itself when it has no split folders at
   * all.
   */
  public static Path splitFolder(Path dir, Split split) {
    Path sub = dir.resolve(split.label());
    if (Files.isDirectory(sub)) {
      return sub;
    }
    Path tar = dir.resolve(split.label() + ".tar");
    if (Files.isRegularFile(tar)) {
      return TarCache.extract(tar).resolve(split.label());
    }
    for (Split s : Split.values()) {
      if (Files.isDirectory(dir.resolve(s.label()))
          || Files.isRegularFile(dir.resolve(s.label() + ".tar"))) {
        throw new DataException(
            "no " + split.label() + " folder or " + split.label() + ".tar in " + dir);
      }
    }
    return dir;
  }

  /** The image files in label order. */
  public List<Path> files() {
    return files;
  }

  @Override
  public Optional<DataException> explainFailure(RuntimeException failure) {
    return UndecodableImages.find(files, i -> "");
  }

  /** Class index of file {@code i}. */
  public int label(int i) {
    return (int) labels[i];
  }

  public Path root() {
    return root;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        name, Task.MULTI_CLASS, classes, size, size, files.size(), normalization);
  }

  @Override
  public ImageTransform evalTransform() {
    return ImageTransform.shorterSideThenCenterCrop(size, size);
  }

  @Override
  public DataPipeline pipeline(Ops tf, PipelineOptions options) {
    ImageTransform transform = allFit ? ImageTransform.none(size, size) : evalTransform();
    return PipelineAssembler.assemble(
        tf,
        FileListSource.classified(files, labels, options, transform, augmentation),
        info(),
        options);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + files.size()
        + " images in "
        + classes.size()
        + " classes under "
        + root
        + ")";
  }
}
