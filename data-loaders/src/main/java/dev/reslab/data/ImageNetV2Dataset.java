package dev.reslab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.FileListSource;
import dev.reslab.data.pipeline.ImageTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.op.Ops;

/**
 * ImageNetV2 as released: {@code <class_idx>/<image>.jpeg} with class indices 0–999, class names
 * from {@code imagenet_class_index.json} (looked for in the folder and its parent). Evaluation
 * preprocessing: shorter side 256, centre crop 224, ImageNet mean/std; grayscale images become RGB.
 * The studies reproduced use a seeded subset of 500 images: {@code
 * PipelineOptions.builder().limit(Limit.seededSubset(500, seed))}.
 */
public final class ImageNetV2Dataset implements ImageDataset {
  public static final int CLASSES = 1000;
  public static final String CLASS_INDEX_FILE = "imagenet_class_index.json";

  private final Path root;
  private final List<String> classNames;
  private final List<String> wnids;
  private final List<Path> files;
  private final long[] labels;
  private final int crop;
  private final List<String> warnings;

  private ImageNetV2Dataset(
      Path root,
      List<String> classNames,
      List<String> wnids,
      List<Path> files,
      long[] labels,
      int crop,
      List<String> warnings) {
    this.warnings = warnings;
    this.root = root;
    this.classNames = classNames;
    this.wnids = wnids;
    this.files = files;
    this.labels = labels;
    this.crop = crop;
  }

  /**
   * Whether {@code folder} looks like an ImageNet-V2 layout itself (a data folder one level too
   * high, e.g. a data set's parent folder holding the layout beside its class index files).
   */
  private static boolean holdsClassFolders(Path folder) {
    return ImageFiles.subfolders(folder).stream()
        .anyMatch(f -> f.getFileName().toString().matches("\\d{1,3}"));
  }

  /** Opens the layout in {@code root} with 224×224 crops. */
  public static ImageNetV2Dataset open(Path root) {
    return open(root, 224);
  }

  /**
   * Opens the layout in {@code root}; {@code crop} other than 224 resizes the shorter side to crop
   * × 256 / 224.
   */
  public static ImageNetV2Dataset open(Path root, int crop) {
    if (!Files.isDirectory(root)) {
      throw new DataException("ImageNet-V2 folder " + root + " does not exist");
    }
    List<String> names = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    boolean named = readClassIndex(root, names, ids);
    List<Path> files = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    for (Path folder : ImageFiles.subfolders(root)) {
      String n = folder.getFileName().toString();
      int idx;
      try {
        idx = Integer.parseInt(n);
      } catch (NumberFormatException e) {
        throw new DataException(
            "ImageNet-V2 folder "
                + folder
                + " is not a class index (expected 0-999)"
                + (holdsClassFolders(folder)
                    ? "; it holds class folders itself: open " + folder + " as the data folder"
                    : ""));
      }
      if (idx < 0 || idx >= CLASSES) {
        throw new DataException(
            "ImageNet-V2 folder " + folder + " is not a class index (expected 0-999)");
      }
      for (Path f : ImageFiles.list(folder)) {
        files.add(f);
        labels.add((long) idx);
      }
    }
    if (files.isEmpty()) {
      throw new DataException(
          "ImageNet-V2 folder " + root + " has no images (expected <class_idx>/<hash>.jpeg)");
    }
    ImageFiles.checkAndMeasure(files);
    return new ImageNetV2Dataset(
        root,
        List.copyOf(names),
        List.copyOf(ids),
        List.copyOf(files),
        labels.stream().mapToLong(Long::longValue).toArray(),
        crop,
        named
            ? List.of()
            : List.of(
                "no "
                    + CLASS_INDEX_FILE
                    + " in "
                    + root
                    + " or its parent: classes are named class_0 ... class_999"));
  }

  /** Fills names and WordNet ids; false when there is no class index file (names class_N). */
  private static boolean readClassIndex(Path root, List<String> names, List<String> wnids) {
    Path json = root.resolve(CLASS_INDEX_FILE);
    if (!Files.isRegularFile(json) && root.toAbsolutePath().getParent() != null) {
      json = root.toAbsolutePath().getParent().resolve(CLASS_INDEX_FILE);
    }
    if (!Files.isRegularFile(json)) {
      for (int i = 0; i < CLASSES; i++) {
        names.add("class_" + i);
        wnids.add("");
      }
      return false;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(json.toFile());
      for (int i = 0; i < CLASSES; i++) {
        JsonNode entry = node.get(Integer.toString(i));
        if (entry == null || !entry.isArray() || entry.size() != 2) {
          throw new DataException(json + ": entry \"" + i + "\" is missing or not [wnid, name]");
        }
        wnids.add(entry.get(0).asText());
        names.add(entry.get(1).asText());
      }
      return true;
    } catch (IOException e) {
      throw new DataException(
          json
              + ": not a valid class index JSON file ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")",
          e);
    }
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  public List<Path> files() {
    return files;
  }

  @Override
  public Optional<DataException> explainFailure(RuntimeException failure) {
    return UndecodableImages.find(files, i -> "");
  }

  /** Class index of file {@code i} (its folder name). */
  public int label(int i) {
    return (int) labels[i];
  }

  /** WordNet ids of the 1000 classes (empty strings when no class index file was found). */
  public List<String> wnids() {
    return wnids;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        "imagenet-v2",
        Task.MULTI_CLASS,
        classNames,
        crop,
        crop,
        files.size(),
        Normalization.IMAGENET);
  }

  @Override
  public ImageTransform evalTransform() {
    return ImageTransform.shorterSideThenCenterCrop(Math.round(crop * 256f / 224f), crop);
  }

  @Override
  public DataPipeline pipeline(Ops tf, PipelineOptions options) {
    return PipelineAssembler.assemble(
        tf,
        FileListSource.classified(files, labels, options, evalTransform(), Augmentation.FLIP),
        info(),
        options);
  }

  @Override
  public String toString() {
    return "imagenet-v2 (" + files.size() + " images under " + root + ")";
  }
}
