package dev.reslab.model.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the learning rate changes over training. The rate is computed here per step and fed to the
 * graph, so a schedule never needs a rebuilt graph and a resumed run continues it exactly.
 *
 * @param type {@code constant}, {@code step} (×{@code gamma} every {@code stepEpochs}) or {@code
 *     cosine} (to 0 at the end)
 * @param stepEpochs epochs between decays for {@code step}
 * @param gamma decay factor for {@code step}
 * @param warmupEpochs linear warm-up from 0 over this many epochs (0 = none), before the schedule
 *     proper
 */
public record LearningRateSchedule(Type type, int stepEpochs, double gamma, double warmupEpochs) {

  public enum Type {
    CONSTANT,
    STEP,
    COSINE;

    @JsonCreator
    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.name().equalsIgnoreCase(text.trim())) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown learning-rate schedule '" + text + "'; expected constant, step or " + "cosine");
    }

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LearningRateSchedule {
    if (type == null) {
      throw new IllegalArgumentException("schedule type is required");
    }
    if (type == Type.STEP && stepEpochs < 1) {
      throw new IllegalArgumentException(
          "a step schedule needs step epochs of at least 1, got " + stepEpochs);
    }
    if (!(warmupEpochs >= 0)) {
      throw new IllegalArgumentException("warm-up epochs must be 0 or more, got " + warmupEpochs);
    }
  }

  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(Type.CONSTANT, 1, 1, 0);
  }

  public static LearningRateSchedule step(int everyEpochs, double gamma) {
    return new LearningRateSchedule(Type.STEP, everyEpochs, gamma, 0);
  }

  public static LearningRateSchedule cosine() {
    return new LearningRateSchedule(Type.COSINE, 1, 1, 0);
  }

  public LearningRateSchedule withWarmup(double epochs) {
    return new LearningRateSchedule(type, stepEpochs, gamma, epochs);
  }

  /**
   * The rate at a point of training.
   *
   * @param base the optimizer's base rate
   * @param progress epochs completed, fractional (epoch 1's first step is 0.0)
   * @param epochs total epochs of the run
   */
  public double rate(double base, double progress, int epochs) {
    if (warmupEpochs > 0 && progress < warmupEpochs) {
      return base * (progress + 1e-9) / warmupEpochs;
    }
    return switch (type) {
      case CONSTANT -> base;
      case STEP -> base * Math.pow(gamma, Math.floor(progress / stepEpochs));
      case COSINE -> {
        double span = Math.max(epochs - warmupEpochs, 1e-9);
        double t = Math.min(1, (progress - warmupEpochs) / span);
        yield base * 0.5 * (1 + Math.cos(Math.PI * t));
      }
    };
  }
}
