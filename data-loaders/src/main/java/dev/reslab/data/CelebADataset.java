package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.FileListSource;
import dev.reslab.data.pipeline.ImageTransform;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.tensorflow.op.Ops;

/**
 * CelebA as published: {@code img_align_celeba/}, {@code list_attr_celeba.txt} (count, 40 attribute
 * names, then {@code <image> ±1 ×40}) and {@code list_eval_partition.txt} ({@code <image> 0|1|2}:
 * train, valid, test). Splits are the official partitions. Labels are a multi-hot vector of all 40
 * attributes or a chosen subset (−1 → 0, 1 → 1). Images are centre-cropped to a square and resized
 * (default 64×64); training augmentation is a horizontal flip.
 *
 * <p>A count on line 1 that differs from the rows present is a warning (see {@link #warnings()});
 * malformed rows are errors naming the line; images of the split missing on disk are an error when
 * the pipeline is built.
 */
public final class CelebADataset implements ImageDataset {
  public static final String ATTR_FILE = "list_attr_celeba.txt";
  public static final String PARTITION_FILE = "list_eval_partition.txt";
  public static final String IMAGE_FOLDER = "img_align_celeba";
  public static final int DEFAULT_SIZE = 64;
  private static final System.Logger LOG = System.getLogger(CelebADataset.class.getName());
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Split split;
  private final List<String> attributes;
  private final List<String> images;
  private final int[] lines;
  private final float[] labels;
  private final int size;
  private final List<String> warnings;

  private CelebADataset(
      Path dir,
      Split split,
      List<String> attributes,
      List<String> images,
      int[] lines,
      float[] labels,
      int size,
      List<String> warnings) {
    this.dir = dir;
    this.split = split;
    this.attributes = attributes;
    this.images = images;
    this.lines = lines;
    this.labels = labels;
    this.size = size;
    this.warnings = warnings;
  }

  /** Opens {@code split} with all 40 attributes at 64×64. */
  public static CelebADataset open(Path dir, Split split) {
    return open(dir, split, List.of(), DEFAULT_SIZE);
  }

  /**
   * Opens {@code split} with the attributes {@code chosen} (empty = all) at {@code size}×{@code
   * size}.
   */
  public static CelebADataset open(Path dir, Split split, List<String> chosen, int size) {
    Path attrFile = dir.resolve(ATTR_FILE);
    Path partFile = dir.resolve(PARTITION_FILE);
    for (Path p : List.of(attrFile, partFile)) {
      if (!Files.isRegularFile(p)) {
        throw new DataException("missing CelebA file " + p);
      }
    }
    if (!Files.isDirectory(dir.resolve(IMAGE_FOLDER))) {
      throw new DataException("missing CelebA image folder " + dir.resolve(IMAGE_FOLDER));
    }
    Map<String, Integer> partition = readPartitions(partFile);
    List<String> warnings = new ArrayList<>();
    List<String> allNames = new ArrayList<>();
    List<String> images = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<Integer> imageLines = new ArrayList<>();
    int[] columns;
    try (BufferedReader in = Files.newBufferedReader(attrFile, StandardCharsets.UTF_8)) {
      String first = withoutByteOrderMark(in.readLine());
      long declared;
      try {
        declared = Long.parseLong(first == null ? "" : first.trim());
      } catch (NumberFormatException e) {
        throw new DataException(
            attrFile + " line 1: expected the number of images, found '" + first + "'");
      }
      String second = in.readLine();
      if (second == null || second.isBlank()) {
        throw new DataException(attrFile + " line 2: expected the attribute names");
      }
      allNames.addAll(List.of(second.trim().split("\\s+")));
      Set<String> distinct = new HashSet<>();
      for (String name : allNames) {
        if (!distinct.add(name)) {
          throw new DataException(
              attrFile + " line 2: attribute " + name + " is named twice; names must differ");
        }
      }
      Map<String, Integer> firstLine = new HashMap<>();
      columns = chooseColumns(attrFile, allNames, chosen);
      String line;
      int lineNo = 2;
      long present = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        present++;
        String[] f = line.trim().split("\\s+");
        if (f.length != allNames.size() + 1) {
          throw new DataException(
              attrFile
                  + " line "
                  + lineNo
                  + ": expected an image name and "
                  + allNames.size()
                  + " values, found "
                  + (f.length - 1)
                  + " values");
        }
        if (!isPlainFileName(f[0])) {
          throw new DataException(
              attrFile
                  + " line "
                  + lineNo
                  + ": image name '"
                  + f[0]
                  + "' is not a file name in "
                  + IMAGE_FOLDER
                  + " (no folders, '..' or separators)");
        }
        Integer before = firstLine.putIfAbsent(f[0], lineNo);
        if (before != null) {
          // Counted twice, and when its values differ one of them is wrong: say which lines.
          throw new DataException(
              attrFile
                  + " line "
                  + lineNo
                  + ": image "
                  + f[0]
                  + " is listed again (first on line "
                  + before
                  + "); each image has one row");
        }
        Integer part = partition.get(f[0]);
        if (part == null) {
          throw new DataException(
              attrFile + " line " + lineNo + ": image " + f[0] + " is not in " + PARTITION_FILE);
        }
        float[] row = new float[columns.length];
        for (int j = 0; j < allNames.size(); j++) {
          String v = f[j + 1];
          if (!v.equals("1") && !v.equals("-1")) {
            throw new DataException(
                attrFile
                    + " line "
                    + lineNo
                    + ": value '"
                    + v
                    + "' of "
                    + allNames.get(j)
                    + " is not 1 or -1");
          }
        }
        if (part != split.ordinal()) {
          continue;
        }
        for (int j = 0; j < columns.length; j++) {
          row[j] = f[columns[j] + 1].equals("1") ? 1f : 0f;
        }
        images.add(f[0]);
        imageLines.add(lineNo);
        rows.add(row);
      }
      if (present != declared) {
        String w =
            attrFile
                + " says "
                + declared
                + " images on line 1 but has "
                + present
                + " rows; using the rows present";
        warnings.add(w);
        if (LOGGED.add(w)) {
          LOG.log(
              System.Logger.Level.WARNING, w); // once per JVM; callers also get it from warnings()
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot read " + attrFile + ": " + e.getMessage(), e);
    }
    if (images.isEmpty()) {
      throw new EmptySplitException(
          attrFile + " has no images in the " + split.label() + " partition", split);
    }
    float[] labels = new float[images.size() * columns.length];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, labels, i * columns.length, columns.length);
    }
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(allNames.get(c));
    }
    return new CelebADataset(
        dir,
        split,
        List.copyOf(names),
        List.copyOf(images),
        imageLines.stream().mapToInt(Integer::intValue).toArray(),
        labels,
        size,
        List.copyOf(warnings));
  }

  /** {@code line} without the UTF-8 byte order mark some Windows editors put first. */
  private static String withoutByteOrderMark(String line) {
    return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  /** A name that stays inside the image folder: no separators, not '.' or '..'. */
  private static boolean isPlainFileName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0;
  }

  private static int[] chooseColumns(Path attrFile, List<String> all, List<String> chosen) {
    if (chosen.isEmpty()) {
      return IntStream.range(0, all.size()).toArray();
    }
    int[] cols = new int[chosen.size()];
    for (int i = 0; i < chosen.size(); i++) {
      cols[i] = all.indexOf(chosen.get(i));
      if (cols[i] < 0) {
        throw new DataException(
            "CelebA has no attribute '"
                + chosen.get(i)
                + "' ("
                + attrFile
                + " lists "
                + String.join(", ", all)
                + ")");
      }
    }
    return cols;
  }

  private static Map<String, Integer> readPartitions(Path file) {
    Map<String, Integer> map = new HashMap<>(300_000);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1) {
          line = withoutByteOrderMark(line);
        }
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        if (f.length != 2 || !(f[1].equals("0") || f[1].equals("1") || f[1].equals("2"))) {
          throw new DataException(
              file + " line " + lineNo + ": expected '<image> 0|1|2', found '" + line.trim() + "'");
        }
        Integer before = map.put(f[0], Integer.parseInt(f[1]));
        if (before != null && before != Integer.parseInt(f[1])) {
          throw new DataException(
              file
                  + " line "
                  + lineNo
                  + ": image "
                  + f[0]
                  + " is put in partition "
                  + f[1]
                  + " after an earlier line put it in "
                  + before);
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return map;
  }

  /** Image file names of this split, in file order. */
  public List<String> images() {
    return images;
  }

  /** Multi-hot labels of image {@code i}. */
  public float[] labels(int i) {
    float[] out = new float[attributes.size()];
    System.arraycopy(labels, i * attributes.size(), out, 0, attributes.size());
    return out;
  }

  /** Warnings found while reading (e.g. the image count on line 1 not matching the rows). */
  @Override
  public List<String> warnings() {
    return warnings;
  }

  public Split split() {
    return split;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        "celeba", Task.MULTI_LABEL, attributes, size, size, images.size(), Normalization.HALF);
  }

  @Override
  public ImageTransform evalTransform() {
    return ImageTransform.centerSquareThenResize(size);
  }

  /** Builds the pipeline; first checks that every image it will read exists. */
  @Override
  public DataPipeline pipeline(Ops tf, PipelineOptions options) {
    int[] keep = options.chooseExamples(images.size(), null);
    int k = attributes.size();
    List<String> paths = new ArrayList<>(keep.length);
    float[] chosen = new float[keep.length * k];
    List<Integer> missing = new ArrayList<>();
    Path folder = dir.resolve(IMAGE_FOLDER);
    for (int i = 0; i < keep.length; i++) {
      Path p = folder.resolve(images.get(keep[i]));
      long bytes = sizeOrMinusOne(p);
      if (bytes < 0) {
        missing.add(keep[i]);
      } else if (bytes == 0) {
        throw new DataException(
            "CelebA image " + p + where(keep[i]) + " is empty; replace the file");
      }
      paths.add(p.toAbsolutePath().toString());
      System.arraycopy(labels, keep[i] * k, chosen, i * k, k);
    }
    if (missing.size() == 1) {
      throw new DataException(
          "CelebA image "
              + folder.resolve(images.get(missing.get(0)))
              + where(missing.get(0))
              + " is listed for the "
              + split.label()
              + " split but missing");
    }
    if (!missing.isEmpty()) { // say how incomplete the copy is, not only its first gap
      int first = missing.get(0);
      throw new DataException(
          "CelebA in "
              + dir
              + " is incomplete: "
              + missing.size()
              + " of the "
              + keep.length
              + " images read from the "
              + split.label()
              + " split are missing from "
              + IMAGE_FOLDER
              + "/ (the first: "
              + images.get(first)
              + ", line "
              + lines[first]
              + " of "
              + ATTR_FILE
              + ")");
    }
    return PipelineAssembler.assemble(
        tf,
        FileListSource.multiLabel(paths, chosen, k, evalTransform(), Augmentation.FLIP),
        info(),
        options);
  }

  @Override
  public Optional<DataException> explainFailure(RuntimeException failure) {
    Path folder = dir.resolve(IMAGE_FOLDER);
    return UndecodableImages.find(images.stream().map(folder::resolve).toList(), this::where);
  }

  /** " (line N of list_attr_celeba.txt)": the attribute file's row of image {@code i}. */
  private String where(int i) {
    return " (line " + lines[i] + " of " + ATTR_FILE + ")";
  }

  /**
   * The size of a regular file, or -1 when it is missing or not a regular file: one stat per image.
   */
  private static long sizeOrMinusOne(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? a.size() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return "celeba "
        + split.label()
        + " ("
        + images.size()
        + " images, "
        + attributes.size()
        + " attributes)";
  }
}
