package dev.reslab.model.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The optimizer and its settings.
 *
 * @param type {@code adam} or {@code sgd}
 * @param learningRate base learning rate (the schedule scales it); Adam's default 0.001
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's epsilon
 * @param momentum SGD momentum (0 = plain SGD)
 * @param nesterov SGD with Nesterov momentum
 * @param weightDecay decoupled weight decay (AdamW/SGDW style: {@code w -= lr·wd·w} on kernels, not
 *     on BatchNorm or biases)
 */
public record OptimizerConfig(
    Type type,
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    double momentum,
    boolean nesterov,
    double weightDecay) {

  public enum Type {
    ADAM,
    SGD;

    @JsonCreator
    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.name().equalsIgnoreCase(text.trim())) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown optimizer '" + text + "'; expected adam or sgd");
    }

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OptimizerConfig {
    if (type == null) {
      throw new IllegalArgumentException("optimizer type is required");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be a positive number, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be 0 or more, got " + weightDecay);
    }
  }

  /** Adam with Keras/PyTorch defaults. */
  public static OptimizerConfig adam(double learningRate) {
    return new OptimizerConfig(Type.ADAM, learningRate, 0.9, 0.999, 1e-7, 0, false, 0);
  }

  /** SGD with momentum. */
  public static OptimizerConfig sgd(double learningRate, double momentum, boolean nesterov) {
    return new OptimizerConfig(Type.SGD, learningRate, 0.9, 0.999, 1e-7, momentum, nesterov, 0);
  }

  public OptimizerConfig withWeightDecay(double decay) {
    return new OptimizerConfig(
        type, learningRate, beta1, beta2, epsilon, momentum, nesterov, decay);
  }

  public OptimizerConfig withLearningRate(double rate) {
    return new OptimizerConfig(type, rate, beta1, beta2, epsilon, momentum, nesterov, weightDecay);
  }
}
