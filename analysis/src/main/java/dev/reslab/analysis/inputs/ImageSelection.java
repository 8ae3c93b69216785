package dev.reslab.analysis.inputs;

import dev.reslab.analysis.robustness.LabelledBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Some images of a data set, picked by index or as the first N of chosen classes, with their labels
 * and names for files ({@code 0017-cat}).
 *
 * @param images the picked images, pixels in [0, 1]
 * @param labels their classes
 * @param indices their positions in the data set
 * @param names a file-name stem per image
 */
public record ImageSelection(ImageBatch images, int[] labels, long[] indices, List<String> names) {

  /** The images at {@code indices} (in the order given); an index beyond the data is an error. */
  public static ImageSelection byIndex(
      Iterable<LabelledBatch> data, Collection<Long> indices, List<String> classNames) {
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("no image indices given");
    }
    Set<Long> wanted = new TreeSet<>(indices);
    Map<Long, float[]> pixels = new LinkedHashMap<>();
    Map<Long, Integer> labels = new LinkedHashMap<>();
    long seen = 0;
    long last = wanted.isEmpty() ? -1 : ((TreeSet<Long>) wanted).last();
    int[] shape = null;
    for (LabelledBatch b : data) {
      for (int i = 0; i < b.labels().length; i++) {
        if (wanted.contains(seen + i)) {
          pixels.put(seen + i, b.images().image(i));
          labels.put(seen + i, b.labels()[i]);
          shape = new int[] {b.images().height(), b.images().width(), b.images().channels()};
        }
      }
      seen += b.labels().length;
      if (seen > last) {
        break;
      }
    }
    if (last >= seen) {
      throw new IllegalArgumentException(
          "image index " + last + " is out of range: the data has " + seen + " images");
    }
    return build(new ArrayList<>(indices), pixels, labels, shape, classNames);
  }

  /**
   * The first {@code perClass} images of each class in {@code classes} (names or indices), class by
   * class.
   */
  public static ImageSelection firstOfClasses(
      Iterable<LabelledBatch> data, List<String> classes, int perClass, List<String> classNames) {
    if (perClass < 1) {
      throw new IllegalArgumentException("images per class must be at least 1, got " + perClass);
    }
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
    long seen = 0;
    for (LabelledBatch b : data) {
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
    List<Long> order = new ArrayList<>();
    found.values().forEach(order::addAll);
    if (order.isEmpty()) {
      throw new IllegalArgumentException(
          "no images of " + String.join(", ", classes) + " in the data");
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
