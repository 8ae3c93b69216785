package dev.reslab.model.resnet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the final dense layer's logits mean. */
public enum Head {
  /** One of N classes: probabilities are the softmax of the logits. */
  SOFTMAX,
  /**
   * N independent labels (multi-label, e.g. CelebA attributes): probabilities are the sigmoid of
   * each logit.
   */
  SIGMOID;

  @JsonCreator
  public static Head parse(String text) {
    return EnumText.parse(Head.class, text, "head");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
