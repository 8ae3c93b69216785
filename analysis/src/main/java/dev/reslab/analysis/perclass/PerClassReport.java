package dev.reslab.analysis.perclass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.metrics.ClassAccuracy;
import dev.reslab.analysis.metrics.ConfusionMatrix;
import dev.reslab.analysis.plot.ConfusionHeatmap;
import dev.reslab.analysis.robustness.ImageClassifier;
import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Per-class evaluation: runs a classifier over labelled batches once, counting the confusion matrix
 * and keeping the first misclassified images; then writes the tables and pictures.
 */
public final class PerClassReport {
  /** Classes shown in the excerpt heatmap. */
  public static final int EXCERPT = 20;

  private PerClassReport() {}

  /**
   * Evaluates {@code classifier} on every batch.
   *
   * @param galleryImages misclassified images to keep (0 for none)
   * @param progress called with the images done so far after each batch; may be null
   */
  public static PerClassResult run(
      ImageClassifier classifier,
      Iterable<LabelledBatch> data,
      int classes,
      int galleryImages,
      LongConsumer progress) {
    ConfusionMatrix matrix = new ConfusionMatrix(classes);
    List<Misclassified> gallery = new ArrayList<>();
    long seen = 0;
    long wrong = 0;
    for (LabelledBatch batch : data) {
      ImageBatch images = batch.images();
      int[] predicted = classifier.predict(images);
      for (int i = 0; i < predicted.length; i++) {
        int label = batch.labels()[i];
        if (label < 0 || label >= classes) {
          throw new IllegalArgumentException(
              "label "
                  + label
                  + " of image "
                  + (seen + i)
                  + " is out of range for "
                  + classes
                  + " classes");
        }
        matrix.add(label, predicted[i]);
        if (predicted[i] != label) {
          wrong++;
          if (gallery.size() < galleryImages) {
            gallery.add(
                new Misclassified(
                    seen + i,
                    batch.ids() == null ? "#" + (seen + i) : batch.ids().get(i),
                    images.image(i),
                    images.height(),
                    images.width(),
                    label,
                    predicted[i]));
          }
        }
      }
      seen += predicted.length;
      if (progress != null) {
        progress.accept(seen);
      }
    }
    return new PerClassResult(matrix, gallery, wrong);
  }

  /**
   * Writes {@code per_class.csv}, {@code confusion.csv}, {@code confusion.png}, {@code
   * confusion-first20.png} (more than 20 classes only), {@code top_bottom.csv} (the k best and k
   * worst classes), {@code confused_pairs.csv} (the k most frequent), {@code misclassified.png} and
   * {@code misclassified.csv} (the gallery's images: position in the data, the file or record that
   * names each, true and predicted class) and {@code summary.json}.
   *
   * @return the files written, by name
   */
  public static Map<String, Path> write(
      PerClassResult result, List<String> classNames, Path dir, int k, String title) {
    ConfusionMatrix m = result.confusion();
    List<String> names = m.names(classNames);
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("per_class", write(dir.resolve("per_class.csv"), m.perClassCsv(names)));
    m.writeCsv(dir.resolve("confusion.csv"), names);
    files.put("confusion", dir.resolve("confusion.csv"));
    ConfusionHeatmap.write(
        dir.resolve("confusion.png"),
        m,
        names,
        title + ": confusion matrix (" + m.classes() + " classes)");
    files.put("confusion_heatmap", dir.resolve("confusion.png"));
    if (m.classes() > EXCERPT) { // with 20 classes or fewer the whole matrix is already readable
      ConfusionHeatmap.write(
          dir.resolve("confusion-first20.png"),
          m.firstClasses(EXCERPT),
          names.subList(0, EXCERPT),
          title + ": confusion matrix, first " + EXCERPT + " classes");
      files.put("confusion_heatmap_first20", dir.resolve("confusion-first20.png"));
    }
    files.put("top_bottom", write(dir.resolve("top_bottom.csv"), topBottomCsv(m, names, k)));
    files.put(
        "confused_pairs", write(dir.resolve("confused_pairs.csv"), m.confusedPairsCsv(names, k)));
    MisclassifiedGallery.write(
        dir.resolve("misclassified.png"),
        result.misclassified(),
        names,
        String.format(
            Locale.ROOT,
            "%s: %d of %d misclassified (first %d shown, true \u2192 predicted)",
            title,
            result.misclassifiedTotal(),
            m.total(),
            result.misclassified().size()),
        8,
        96);
    files.put("misclassified", dir.resolve("misclassified.png"));
    CsvWriter shown = new CsvWriter("position", "example", "true_class", "predicted_class");
    for (Misclassified mc : result.misclassified()) {
      shown.row(
          mc.index(),
          mc.example(),
          MisclassifiedGallery.name(names, mc.trueClass()),
          MisclassifiedGallery.name(names, mc.predictedClass()));
    }
    files.put("misclassified_list", write(dir.resolve("misclassified.csv"), shown.text()));
    files.put("summary", write(dir.resolve("summary.json"), summaryJson(result, names, k)));
    return files;
  }

  /**
   * {@code rank,group,class,index,correct,total,accuracy,ci95_lower,ci95_upper}: best first, then
   * worst first.
   */
  public static String topBottomCsv(ConfusionMatrix m, List<String> names, int k) {
    CsvWriter csv =
        new CsvWriter(
            "group",
            "rank",
            "class",
            "index",
            "correct",
            "total",
            "accuracy",
            "ci95_lower",
            "ci95_upper");
    addRows(csv, "top", m.topClasses(k), names);
    addRows(csv, "bottom", m.bottomClasses(k), names);
    return csv.text();
  }

  private static void addRows(
      CsvWriter csv, String group, List<ClassAccuracy> rows, List<String> names) {
    int rank = 1;
    for (ClassAccuracy a : rows) {
      List<Object> row = new ArrayList<>(List.of(group, rank++));
      row.addAll(ConfusionMatrix.perClassCells(a, names));
      csv.row(row);
    }
  }

  private static String summaryJson(PerClassResult r, List<String> names, int k) {
    ConfusionMatrix m = r.confusion();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("examples", m.total());
    doc.put("correct", m.correct());
    doc.put("accuracy", m.accuracy());
    doc.put("misclassified", r.misclassifiedTotal());
    doc.put("top", m.topClasses(k).stream().map(a -> names.get(a.classIndex())).toList());
    doc.put("bottom", m.bottomClasses(k).stream().map(a -> names.get(a.classIndex())).toList());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path file, String content) {
    AtomicFiles.writeString(file, content);
    return file;
  }
}
