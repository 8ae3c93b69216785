package dev.reslab.analysis.inputs;

import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Limit;
import dev.reslab.data.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Some images of a data set, picked by their position in it or as the first N of chosen classes,
 * with their labels and names for files ({@code 0017-cat}). Positions count in the data set's own
 * order (its files or records), whatever subset an evaluation reads: the 17th image of a seeded
 * subset is another image.
 *
 * @param images the picked images, pixels in [0, 1]
 * @param labels their classes (−1 for each image of a multi-label data set)
 * @param indices their positions in the data set
 * @param names a file-name stem per image
 */
public record ImageSelection(ImageBatch images, int[] labels, long[] indices, List<String> names) {
  /** Images read per batch while picking: a few, since 224×224 images take 0.6 MB each. */
  private static final int BATCH = 64;

  /**
   * The images at positions {@code indices} of {@code data} (in the order given), named with its
   * class names; a position beyond the data is an error. Multi-label data sets' images carry the
   * class −1.
   */
  public static ImageSelection byIndex(ImageDataset data, Collection<Long> indices) {
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("no image indices given");
    }
    TreeSet<Long> wanted = new TreeSet<>(indices);
    long available = data.info().examples();
    if (wanted.first() < 0 || wanted.last() >= available) {
      throw new IllegalArgumentException(
          "image index "
              + (wanted.first() < 0 ? wanted.first() : wanted.last())
              + " is out of range: "
              + data.info().name()
              + " has "
              + available
              + " images (0 to "
              + (available - 1)
              + ")");
    }
    Map<Long, float[]> pixels = new LinkedHashMap<>();
    Map<Long, Integer> labels = new LinkedHashMap<>();
    int[] shape = null;
    // the first last+1 images in the data set's order, so counting gives positions
    try (DatasetBatches batches =
        DatasetBatches.anyTask(data, BATCH, Limit.first(wanted.last() + 1))) {
      long seen = 0;
      for (LabelledBatch b : batches) {
        for (int i = 0; i < b.labels().length; i++) {
          if (wanted.contains(seen + i)) {
            pixels.put(seen + i, b.images().image(i));
            labels.put(seen + i, b.labels()[i]);
            shape = new int[] {b.images().height(), b.images().width(), b.images().channels()};
          }
        }
        seen += b.labels().length;
      }
      if (pixels.size() < wanted.size()) {
        throw new IllegalArgumentException(
            "image index "
                + wanted.last()
                + " is out of range: "
                + data.info().name()
                + " delivered "
                + seen
                + " images");
      }
    }
    return build(new ArrayList<>(indices), pixels, labels, shape, data.info().labelNames());
  }

  /**
   * The first {@code perClass} images of each class in {@code classes} (names or indices) in the
   * data set's order, class by class.
   */
  public static ImageSelection firstOfClasses(
      ImageDataset data, List<String> classes, int perClass) {
    if (perClass < 1) {
      throw new IllegalArgumentException("images per class must be at least 1, got " + perClass);
    }
    if (data.info().task() != Task.MULTI_CLASS) {
      throw new IllegalArgumentException(
          data.info().name() + " is multi-label: pick its images by index, not by class");
    }
    List<String> classNames = data.info().labelNames();
    List<Integer> wanted = new ArrayList<>();
    for (String c : classes) {
      int index = classNames.indexOf(c);
      if (index < 0) {
        try {
          index = Integer.parseInt(c);
        } catch (NumberFormatException e) {
          index = -1;
        }
      }
      if (index < 0 || index >= classNames.size()) {
        throw new IllegalArgumentException(
            "unknown class '" + c + "'; classes are " + String.join(", ", classNames));
      }
      wanted.add(index);
    }
    Map<Integer, List<Long>> found = new LinkedHashMap<>();
    wanted.forEach(c -> found.put(c, new ArrayList<>()));
    Map<Long, float[]> pixels = new LinkedHashMap<>();
    Map<Long, Integer> labels = new LinkedHashMap<>();
    int[] shape = null;
    try (DatasetBatches batches = DatasetBatches.all(data, BATCH)) {
      long seen = 0;
      for (LabelledBatch b : batches) {
        for (int i = 0; i < b.labels().length; i++) {
          List<Long> list = found.get(b.labels()[i]);
          if (list != null && list.size() < perClass) {
            list.add(seen + i);
            pixels.put(seen + i, b.images().image(i));
            labels.put(seen + i, b.labels()[i]);
            shape = new int[] {b.images().height(), b.images().width(), b.images().channels()};
          }
        }
        seen += b.labels().length;
        if (found.values().stream().allMatch(l -> l.size() >= perClass)) {
          break;
        }
      }
    }
    List<Long> order = new ArrayList<>();
    found.values().forEach(order::addAll);
    if (order.isEmpty()) {
      throw new IllegalArgumentException(
          "no images of " + String.join(", ", classes) + " in " + data.info().name());
    }
    return build(order, pixels, labels, shape, classNames);
  }

  private static ImageSelection build(
      List<Long> order,
      Map<Long, float[]> pixels,
      Map<Long, Integer> labels,
      int[] shape,
      List<String> classNames) {
    int size = shape[0] * shape[1] * shape[2];
    float[] px = new float[order.size() * size];
    int[] l = new int[order.size()];
    long[] idx = new long[order.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      long index = order.get(i);
      System.arraycopy(pixels.get(index), 0, px, i * size, size);
      l[i] = labels.get(index);
      idx[i] = index;
      if (l[i] < 0) {
        names.add(String.format("%04d", index)); // no single class (multi-label data)
      } else {
        String label =
            classNames != null && l[i] < classNames.size()
                ? classNames.get(l[i])
                : Integer.toString(l[i]);
        names.add(String.format("%04d-%s", index, label.replaceAll("[^A-Za-z0-9_.-]", "_")));
      }
    }
    return new ImageSelection(
        new ImageBatch(px, order.size(), shape[0], shape[1], shape[2]), l, idx, names);
  }
}
