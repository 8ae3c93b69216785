package dev.reslab.analysis.report;

import dev.reslab.analysis.study.StudyData;
import dev.reslab.data.CelebADataset;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.ImageFolderDataset;
import dev.reslab.data.Limit;
import dev.reslab.data.Normalization;
import dev.reslab.data.SyntheticDataset;
import dev.reslab.data.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run's data was, measured from the data set itself as the run's {@code config.json}
 * describes it: task, labels, image size, normalisation, and per split the examples available and
 * used with their class counts.
 *
 * @param dataset data set name
 * @param dir its folder (null for generated data)
 * @param task multi-class or multi-label
 * @param labels class or attribute names
 * @param imageSize height × width fed to the model
 * @param normalization per-channel mean and std, as text
 * @param augment whether training augmented (crop and flip)
 * @param splits the training split, then the validation split if any
 * @param warnings the loader's warnings
 */
public record DatasetFacts(
    String dataset,
    String dir,
    Task task,
    List<String> labels,
    String imageSize,
    String normalization,
    boolean augment,
    List<SplitFacts> splits,
    List<String> warnings) {

  /**
   * One split as used.
   *
   * @param role {@code training} or {@code validation}
   * @param split split name
   * @param available examples in the split
   * @param used examples used
   * @param selection how they were chosen
   * @param classCounts examples per class among those used (empty when not countable, e.g.
   *     multi-label)
   * @param labelPositives multi-label data: examples with each label set among those used (empty
   *     where the labels are not read in Java: generated data)
   */
  public record SplitFacts(
      String role,
      String split,
      long available,
      long used,
      String selection,
      Map<String, Long> classCounts,
      Map<String, Long> labelPositives) {

    /**
     * The accuracy of predicting every label absent, which a multi-label accuracy (the share of
     * correct label decisions) must beat to mean anything; NaN when the labels were not counted.
     */
    public double allAbsentAccuracy() {
      if (labelPositives.isEmpty() || used == 0) {
        return Double.NaN;
      }
      long positives = labelPositives.values().stream().mapToLong(Long::longValue).sum();
      return 1 - (double) positives / ((double) used * labelPositives.size());
    }
  }

  /** Opens the data described by {@code data} and measures it. */
  public static DatasetFacts of(StudyData data) {
    var spec = data.spec();
    ImageDataset train = spec.open(spec.trainSplit());
    DatasetInfo info = train.info();
    List<SplitFacts> splits = new ArrayList<>();
    List<String> warnings = new ArrayList<>(train.warnings());
    if (spec.holdout() != null) {
      // Both parts come out of the training split; per class round(fraction × count), so about this
      // many.
      long held = Math.round(spec.holdout().fraction() * info.examples());
      String part =
          String.format(
              Locale.ROOT,
              "%s (%.0f %% held out, seed %d)",
              spec.trainSplit(),
              100 * spec.holdout().fraction(),
              spec.holdout().seed());
      splits.add(
          held(
              "training",
              "rest of " + part,
              info.examples() - held,
              spec.limitTrain(),
              data.subsetSeed(),
              true));
      splits.add(held("validation", part, held, spec.limitValidation(), data.subsetSeed(), false));
    } else {
      splits.add(
          split("training", spec.trainSplit(), train, spec.limitTrain(), data.subsetSeed(), true));
    }
    if (spec.validationSplit() != null && spec.holdout() == null) {
      ImageDataset val = spec.open(spec.validationSplit());
      splits.add(
          split(
              "validation",
              spec.validationSplit(),
              val,
              spec.limitValidation(),
              data.subsetSeed(),
              false));
      val.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
    }
    // what the pipelines applied: pretrained weights bring their own statistics (ImageNet's for
    // a torchvision ResNet-18 on CelebA), recorded in the run's data description
    Normalization applied =
        spec.normalization() != null ? spec.normalization() : info.normalization();
    float[] mean = applied.mean();
    float[] std = applied.std();
    String norm =
        String.format(
            Locale.ROOT,
            "(pixel / 255 − (%.4f, %.4f, %.4f)) / (%.4f, %.4f, %.4f)",
            mean[0],
            mean[1],
            mean[2],
            std[0],
            std[1],
            std[2]);
    return new DatasetFacts(
        spec.dataset(),
        spec.dir(),
        info.task(),
        info.labelNames(),
        info.height() + " × " + info.width(),
        norm,
        spec.augment(),
        splits,
        warnings);
  }

  /** A part of a held-out training split: counted, not opened on its own. */
  private static SplitFacts held(
      String role, String name, long available, long limit, long subsetSeed, boolean training) {
    Limit l =
        limit <= 0
            ? Limit.ALL
            : subsetSeed != 0
                ? Limit.seededSubset(limit, training ? subsetSeed : subsetSeed + 7919)
                : Limit.first(limit);
    String selection =
        l.isAll()
            ? "all"
            : l.seeded()
                ? "random subset of " + limit + " (seed " + l.seed() + ")"
                : "first " + limit;
    return new SplitFacts(role, name, available, l.apply(available), selection, Map.of(), Map.of());
  }

  private static SplitFacts split(
      String role, String name, ImageDataset data, long limit, long subsetSeed, boolean training) {
    long available = data.info().examples();
    // the same selection the study's pipelines make (StudyData.pipelineOptions)
    Limit l =
        limit <= 0
            ? Limit.ALL
            : subsetSeed != 0
                ? Limit.seededSubset(limit, training ? subsetSeed : subsetSeed + 7919)
                : Limit.first(limit);
    String selection =
        l.isAll()
            ? "all"
            : l.seeded()
                ? "random subset of " + limit + " (seed " + l.seed() + ")"
                : "first " + limit + " in the data set's order";
    Map<String, Long> counts = new LinkedHashMap<>();
    int[] keep = available <= Integer.MAX_VALUE ? l.select((int) available) : new int[0];
    // counted only where the selection is made in Java (file lists; generated data without a seeded
    // subset): a
    // seeded subset of the other data sets is drawn by tf.data inside the graph
    if (data.info().task() == Task.MULTI_CLASS
        && (data instanceof ImageFolderDataset
            || data instanceof SyntheticDataset && !l.seeded())) {
      data.info().labelNames().forEach(n -> counts.put(n, 0L));
      for (int i : keep) {
        int label =
            data instanceof ImageFolderDataset f
                ? f.label(i)
                : ((SyntheticDataset) data).classId(i);
        counts.merge(data.info().labelNames().get(label), 1L, Long::sum);
      }
    }
    Map<String, Long> positives = new LinkedHashMap<>();
    if (data instanceof CelebADataset celeba) { // its subsets are drawn in Java too
      List<String> names = data.info().labelNames();
      long[] sums = new long[names.size()];
      for (int i : keep) {
        float[] y = celeba.labels(i);
        for (int a = 0; a < sums.length; a++) {
          sums[a] += y[a] == 1f ? 1 : 0;
        }
      }
      for (int a = 0; a < sums.length; a++) {
        positives.put(names.get(a), sums[a]);
      }
    }
    return new SplitFacts(role, name, available, l.apply(available), selection, counts, positives);
  }
}
