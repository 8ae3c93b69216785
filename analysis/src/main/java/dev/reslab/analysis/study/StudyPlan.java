package dev.reslab.analysis.study;

import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a study trains: every variant, each once per seed, with the same data and schedule. The seed
 * sets both the initial weights and the data order, so repetitions differ in everything that is
 * random and nothing else.
 *
 * @param kind {@code ablation} or {@code sweep} (names the study in reports)
 * @param metric the per-epoch column compared, e.g. {@code val_accuracy}; its last-epoch value is
 *     the result
 * @param variants the models (or trainings); the first is the base the others are compared with
 * @param training the schedule (its seed is replaced per repetition)
 * @param data the data
 * @param seeds one repetition per seed
 * @param init the pretrained weights every training starts from, or null for fresh weights
 */
public record StudyPlan(
    String kind,
    String metric,
    List<Variant> variants,
    TrainingConfig training,
    StudyData data,
    List<Long> seeds,
    StudyInit init) {

  /** A plan whose trainings start from fresh weights. */
  public StudyPlan(
      String kind,
      String metric,
      List<Variant> variants,
      TrainingConfig training,
      StudyData data,
      List<Long> seeds) {
    this(kind, metric, variants, training, data, seeds, null);
  }

  /** This plan reading {@code other} (the same data set found on this machine). */
  public StudyPlan withData(StudyData other) {
    return new StudyPlan(kind, metric, variants, training, other, seeds, init);
  }

  /** This plan with every training starting from {@code weights}. */
  public StudyPlan startingFrom(StudyInit weights) {
    return new StudyPlan(kind, metric, variants, training, data, seeds, weights);
  }

  public StudyPlan {
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("a study needs at least one variant");
    }
    if (seeds == null || seeds.isEmpty()) {
      throw new IllegalArgumentException("a study needs at least one seed");
    }
    Set<String> names = new TreeSet<>();
    for (Variant v : variants) {
      if (!names.add(v.name())) {
        throw new IllegalArgumentException("two variants are named " + v.name());
      }
    }
    if (new TreeSet<>(seeds).size() != seeds.size()) {
      throw new IllegalArgumentException("seeds must differ, got " + seeds);
    }
    variants = List.copyOf(variants);
    seeds = List.copyOf(seeds);
    metric = metric == null || metric.isBlank() ? "val_accuracy" : metric;
  }

  /** {@code n} consecutive seeds from {@code first}. */
  public static List<Long> seeds(long first, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a study needs at least 1 seed, got " + n);
    }
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seeds.add(first + i);
    }
    return seeds;
  }

  public Variant base() {
    return variants.get(0);
  }

  /** A run's directory inside the study directory. */
  public static Path runPath(String variant, long seed) {
    return Path.of("runs", variant, "seed-" + seed);
  }

  /**
   * Every (variant, seed) pair, variants in the inner loop so an early stop still compares them at
   * one seed.
   */
  public List<StudyRun> runs() {
    List<StudyRun> runs = new ArrayList<>();
    for (long seed : seeds) {
      for (Variant v : variants) {
        runs.add(new StudyRun(v, seed));
      }
    }
    return runs;
  }

  /** One run of a study. */
  public record StudyRun(Variant variant, long seed) {
    public Path path() {
      return runPath(variant.name(), seed);
    }

    /** The study's training with this variant's hyperparameters and this run's seed. */
    public TrainingConfig training(TrainingConfig base) {
      return (variant.training().isEmpty() ? base : SearchSpace.apply(base, variant.training()))
          .withSeed(seed);
    }

    /** How the study storage names this run. */
    public Map<String, String> params() {
      return Map.of("variant", variant.name(), "seed", Long.toString(seed));
    }
  }
}
