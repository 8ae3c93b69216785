package dev.reslab.analysis.metrics;

import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Counts of (true class, predicted class) pairs, rows true and columns predicted, with the
 * per-class and macro figures derived from them. Mutable: {@link MultiClassMetrics} fills one;
 * {@link #copy()} gives a snapshot.
 */
public final class ConfusionMatrix {

  private final int classes;
  private final long[][] counts;

  /** An empty matrix for {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException(
          "a confusion matrix needs at least 1 class, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes][classes];
  }

  /** A matrix from counts, {@code counts[true][predicted]} (square, non-negative). */
  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length);
    for (int t = 0; t < counts.length; t++) {
      if (counts[t].length != counts.length) {
        throw new IllegalArgumentException(
            "confusion counts must be square: row "
                + t
                + " has "
                + counts[t].length
                + " columns, expected "
                + counts.length);
      }
      for (int p = 0; p < counts.length; p++) {
        if (counts[t][p] < 0) {
          throw new IllegalArgumentException(
              "confusion counts must be >= 0, got " + counts[t][p] + " at [" + t + "][" + p + "]");
        }
        m.counts[t][p] = counts[t][p];
      }
    }
    return m;
  }

  /** Counts one example. */
  public void add(int trueClass, int predictedClass) {
    checkClass(trueClass);
    checkClass(predictedClass);
    counts[trueClass][predictedClass]++;
  }

  /** Forgets all counts. */
  public void clear() {
    for (long[] row : counts) {
      Arrays.fill(row, 0);
    }
  }

  /** An independent copy. */
  public ConfusionMatrix copy() {
    return of(counts);
  }

  /**
   * The first {@code n} classes only (rows and columns), e.g. a readable heatmap of 20 of 1000
   * classes.
   */
  public ConfusionMatrix firstClasses(int n) {
    if (n < 1 || n > classes) {
      throw new IllegalArgumentException("first classes must be 1.." + classes + ", got " + n);
    }
    long[][] sub = new long[n][n];
    for (int t = 0; t < n; t++) {
      System.arraycopy(counts[t], 0, sub[t], 0, n);
    }
    return of(sub);
  }

  public int classes() {
    return classes;
  }

  /** Examples of class {@code trueClass} predicted as {@code predictedClass}. */
  public long count(int trueClass, int predictedClass) {
    checkClass(trueClass);
    checkClass(predictedClass);
    return counts[trueClass][predictedClass];
  }

  /** A copy of all counts, {@code [true][predicted]}. */
  public long[][] counts() {
    long[][] copy = new long[classes][];
    for (int t = 0; t < classes; t++) {
      copy[t] = counts[t].clone();
    }
    return copy;
  }

  public long total() {
    long sum = 0;
    for (int t = 0; t < classes; t++) {
      sum += support(t);
    }
    return sum;
  }

  /** Examples whose true class is {@code c} (row sum). */
  public long support(int c) {
    checkClass(c);
    long sum = 0;
    for (long v : counts[c]) {
      sum += v;
    }
    return sum;
  }

  /** Examples predicted as {@code c} (column sum). */
  public long predicted(int c) {
    checkClass(c);
    long sum = 0;
    for (long[] row : counts) {
      sum += row[c];
    }
    return sum;
  }

  public long correct() {
    long sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += counts[c][c];
    }
    return sum;
  }

  /** Fraction correct; NaN when empty. */
  public double accuracy() {
    long total = total();
    return total == 0 ? Double.NaN : (double) correct() / total;
  }

  /** Precision of class {@code c}; 0 when nothing was predicted as {@code c}. */
  public double precision(int c) {
    long predicted = predicted(c);
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  /** Recall of class {@code c} (its accuracy); 0 when it has no examples. */
  public double recall(int c) {
    long support = support(c);
    return support == 0 ? 0 : (double) counts[c][c] / support;
  }

  /** F1 of class {@code c}: 2·TP / (2·TP + FP + FN); 0 when that denominator is 0. */
  public double f1(int c) {
    long tp = counts[c][c];
    long denominator = support(c) + predicted(c); // (TP + FN) + (TP + FP)
    return denominator == 0 ? 0 : 2.0 * tp / denominator;
  }

  /**
   * Macro precision over the classes that occur as a true or a predicted class (scikit-learn's
   * default label set); NaN when empty.
   */
  public double precisionMacro() {
    return macro(this::precision);
  }

  /** Macro recall, over the same classes as {@link #precisionMacro()}. */
  public double recallMacro() {
    return macro(this::recall);
  }

  /**
   * Macro F1: the mean of per-class F1 (not the F1 of macro precision and recall), as scikit-learn.
   */
  public double f1Macro() {
    return macro(this::f1);
  }

  private double macro(IntToDoubleFunction perClass) {
    double sum = 0;
    int used = 0;
    for (int c = 0; c < classes; c++) {
      if (support(c) > 0 || predicted(c) > 0) {
        sum += perClass.applyAsDouble(c);
        used++;
      }
    }
    return used == 0 ? Double.NaN : sum / used;
  }

  /**
   * Accuracy of class {@code c} with its Wilson 95 % interval (NaN for a class without examples).
   */
  public ClassAccuracy classAccuracy(int c) {
    long support = support(c);
    long correct = counts[c][c];
    double accuracy = support == 0 ? Double.NaN : (double) correct / support;
    return new ClassAccuracy(c, correct, support, accuracy, WilsonInterval.of95(correct, support));
  }

  /** Every class's accuracy, in class order. */
  public List<ClassAccuracy> perClass() {
    List<ClassAccuracy> all = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      all.add(classAccuracy(c));
    }
    return all;
  }

  /**
   * The {@code k} most accurate classes among those with examples, best first; ties go to the class
   * with more examples (stronger evidence), then the lower index.
   */
  public List<ClassAccuracy> topClasses(int k) {
    return ranked(k, Comparator.comparingDouble(ClassAccuracy::accuracy).reversed());
  }

  /**
   * The {@code k} least accurate classes among those with examples, worst first; ties as in {@link
   * #topClasses}.
   */
  public List<ClassAccuracy> bottomClasses(int k) {
    return ranked(k, Comparator.comparingDouble(ClassAccuracy::accuracy));
  }

  private List<ClassAccuracy> ranked(int k, Comparator<ClassAccuracy> order) {
    checkK(k);
    return perClass().stream()
        .filter(a -> a.total() > 0)
        .sorted(
            order
                .thenComparing(Comparator.comparingLong(ClassAccuracy::total).reversed())
                .thenComparingInt(ClassAccuracy::classIndex))
        .limit(k)
        .toList();
  }

  /**
   * The {@code k} most frequent confusions (true → predicted, off the diagonal, count above 0),
   * most frequent first; ties go to the larger fraction of the true class, then the lower indices.
   * Direction matters: cat → dog and dog → cat are separate pairs.
   */
  public List<ConfusedPair> mostConfusedPairs(int k) {
    checkK(k);
    List<ConfusedPair> pairs = new ArrayList<>();
    for (int t = 0; t < classes; t++) {
      long support = support(t);
      for (int p = 0; p < classes; p++) {
        if (p != t && counts[t][p] > 0) {
          pairs.add(new ConfusedPair(t, p, counts[t][p], (double) counts[t][p] / support));
        }
      }
    }
    return pairs.stream()
        .sorted(
            Comparator.comparingLong(ConfusedPair::count)
                .reversed()
                .thenComparing(
                    Comparator.comparingDouble(ConfusedPair::fractionOfTrueClass).reversed())
                .thenComparingInt(ConfusedPair::trueClass)
                .thenComparingInt(ConfusedPair::predictedClass))
        .limit(k)
        .toList();
  }

  /**
   * The matrix as CSV: a header {@code true\predicted,<name>,…}, then one row per true class
   * starting with its name. Names containing commas or quotes are quoted.
   *
   * @param classNames one name per class, or {@code null} for the indices
   */
  public String toCsv(List<String> classNames) {
    List<String> names = names(classNames);
    List<String> headers = new ArrayList<>(List.of("true\\predicted"));
    headers.addAll(names);
    CsvWriter csv = new CsvWriter(headers);
    for (int t = 0; t < classes; t++) {
      List<Object> row = new ArrayList<>(List.of(names.get(t)));
      for (int p = 0; p < classes; p++) {
        row.add(counts[t][p]);
      }
      csv.row(row);
    }
    return csv.text();
  }

  /** Writes {@link #toCsv} to {@code file} atomically. */
  public void writeCsv(Path file, List<String> classNames) {
    AtomicFiles.writeString(file, toCsv(classNames));
  }

  /**
   * Per-class accuracy as CSV: {@code class,index,correct,total,accuracy,ci95_lower,ci95_upper},
   * one row per class in class order; a class without examples has NaN accuracy and bounds.
   */
  public String perClassCsv(List<String> classNames) {
    List<String> names = names(classNames);
    CsvWriter csv =
        new CsvWriter("class", "index", "correct", "total", "accuracy", "ci95_lower", "ci95_upper");
    for (ClassAccuracy a : perClass()) {
      csv.row(perClassCells(a, names));
    }
    return csv.text();
  }

  /**
   * One class's {@code class,index,correct,total,accuracy,ci95_lower,ci95_upper} cells, as the
   * per-class tables write them.
   */
  public static List<Object> perClassCells(ClassAccuracy a, List<String> names) {
    return List.of(
        names.get(a.classIndex()),
        a.classIndex(),
        a.correct(),
        a.total(),
        a.accuracy(),
        a.interval().lower(),
        a.interval().upper());
  }

  /** The {@code k} most confused pairs as CSV: {@code true,predicted,count,fraction_of_true}. */
  public String confusedPairsCsv(List<String> classNames, int k) {
    List<String> names = names(classNames);
    CsvWriter csv = new CsvWriter("true", "predicted", "count", "fraction_of_true");
    for (ConfusedPair p : mostConfusedPairs(k)) {
      csv.row(
          names.get(p.trueClass()),
          names.get(p.predictedClass()),
          p.count(),
          p.fractionOfTrueClass());
    }
    return csv.text();
  }

  /** Class names, checked against the class count, or the indices as names. */
  public List<String> names(List<String> classNames) {
    if (classNames == null) {
      List<String> indices = new ArrayList<>(classes);
      for (int c = 0; c < classes; c++) {
        indices.add(Integer.toString(c));
      }
      return indices;
    }
    if (classNames.size() != classes) {
      throw new IllegalArgumentException(
          "got "
              + classNames.size()
              + " class names for a confusion matrix of "
              + classes
              + " classes");
    }
    return List.copyOf(classNames);
  }

  private void checkClass(int c) {
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException(
          "class index " + c + " is out of range 0.." + (classes - 1));
    }
  }

  private static void checkK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be 0 or more, got " + k);
    }
  }
}
