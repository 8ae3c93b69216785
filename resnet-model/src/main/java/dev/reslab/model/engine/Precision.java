package dev.reslab.model.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Arithmetic precision of a model's convolutions and matrix products.
 *
 * <p>{@code BF16} is mixed precision: convolutions and matrix products (and the ops between them
 * that TensorFlow's oneDNN bfloat16 rewrite deems safe) compute in bfloat16, while variables
 * (master weights), optimizer state, BatchNorm statistics, the loss and softmax/sigmoid stay
 * float32. Checkpoints are float32 either way.
 */
public enum Precision {
  FP32,
  BF16;

  /** Parses {@code fp32} or {@code bf16} (also {@code float32}, {@code bfloat16}). */
  @JsonCreator
  public static Precision parse(String text) {
    String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "fp32", "float32" -> FP32;
      case "bf16", "bfloat16", "mixed_bfloat16" -> BF16;
      default ->
          throw new IllegalArgumentException(
              "unknown precision '" + text + "'; expected fp32 or bf16");
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
