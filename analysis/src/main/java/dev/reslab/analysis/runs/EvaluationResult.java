package dev.reslab.analysis.runs;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.resnet.Head;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's results on a data set split. Values a head does not have are NaN: a softmax head has
 * {@link #accuracy()}, a sigmoid head (independent labels, CelebA) {@link #macroAuc()} and {@link
 * #meanLabelAccuracy()}.
 *
 * @param images images evaluated
 * @param loss mean loss per image (softmax or sigmoid cross-entropy, as in training)
 * @param accuracy softmax head: the share of images whose most probable class is theirs
 * @param macroAuc sigmoid head: ROC AUC averaged over the labels that have both values in the data
 * @param meanLabelAccuracy sigmoid head: the share of label decisions (at 0.5) that are right
 * @param precision the precision the model computed in (fp32 where bf16 was asked for but the CPU
 *     lacks it)
 * @param seconds how long the evaluation took, data pipeline included; NaN if not measured
 * @param metrics every metric measured, by name ({@code accuracy}, {@code top5}, {@code
 *     precision_macro}, {@code auc_macro}, …), as {@code reslab eval} prints them
 */
public record EvaluationResult(
    long images,
    double loss,
    double accuracy,
    double macroAuc,
    double meanLabelAccuracy,
    Precision precision,
    double seconds,
    Map<String, Double> metrics) {

  public EvaluationResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics)); // in the order measured
  }

  /**
   * The results {@code Evaluator} reports ({@code loss}, the collector's metrics, {@code examples})
   * for a model with {@code head}.
   */
  static EvaluationResult of(
      Map<String, Double> evaluated, Head head, Precision precision, double seconds) {
    Map<String, Double> metrics = new LinkedHashMap<>(evaluated);
    double loss = metrics.remove("loss");
    long images = Math.round(metrics.remove("examples"));
    double accuracy = metrics.getOrDefault("accuracy", Double.NaN);
    boolean sigmoid = head == Head.SIGMOID;
    return new EvaluationResult(
        images,
        loss,
        sigmoid ? Double.NaN : accuracy,
        sigmoid ? metrics.getOrDefault("auc_macro", Double.NaN) : Double.NaN,
        sigmoid ? accuracy : Double.NaN,
        precision,
        seconds,
        metrics);
  }

  /** Images whose most probable class is theirs (softmax head). */
  public long correct() {
    if (Double.isNaN(accuracy)) {
      throw new IllegalStateException(
          "no accuracy per image: a sigmoid head decides each label on its own (see macroAuc and"
              + " meanLabelAccuracy)");
    }
    return Math.round(accuracy * images);
  }

  /** Images per second, data pipeline included; NaN if not measured. */
  public double imagesPerSecond() {
    return images / seconds;
  }

  /**
   * {@code loss}, every metric by name and {@code examples} (the image count), the form of {@code
   * reslab eval --json-file} and {@code evaluation.json}.
   */
  public Map<String, Double> toMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("loss", loss);
    map.putAll(metrics);
    map.put("examples", (double) images);
    return map;
  }
}
