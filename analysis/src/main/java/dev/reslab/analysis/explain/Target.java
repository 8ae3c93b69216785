package dev.reslab.analysis.explain;

import dev.reslab.model.resnet.Head;

/**
 * What an explanation explains: the model's predicted class, a given class, or for a sigmoid
 * (multi-label) head one attribute's positive evidence (what raises its logit) or negative evidence
 * (what lowers it).
 *
 * <p>The score whose gradient Grad-CAM follows is the logit (positive) or minus the logit
 * (negative); occlusion and faithfulness follow the probability (softmax class probability, sigmoid
 * p, or 1 − p for negative evidence).
 */
public sealed interface Target {

  /** The predicted class (softmax) or the most probable attribute's positive evidence (sigmoid). */
  static Target predicted() {
    return Predicted.INSTANCE;
  }

  /** A class index (for a sigmoid head: that attribute's positive evidence). */
  static Target ofClass(int index) {
    return new ClassIndex(index);
  }

  /** An attribute of a sigmoid head, its positive or negative evidence. */
  static Target attribute(int index, boolean positive) {
    return new Attribute(index, positive);
  }

  /**
   * Parses a command-line target: {@code predicted}, a class index ({@code 3}), or an attribute
   * with its evidence ({@code 31+} or {@code 31-}).
   */
  static Target parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("predicted")) {
      return predicted();
    }
    try {
      if (t.endsWith("+") || t.endsWith("-")) {
        return attribute(Integer.parseInt(t.substring(0, t.length() - 1)), t.endsWith("+"));
      }
      return ofClass(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "target '"
              + text
              + "' is not 'predicted', a class index (3) or an "
              + "attribute with its evidence (31+ or 31-)");
    }
  }

  /**
   * Checks this target against a model's head and number of outputs; a mismatch is a one-line
   * error.
   */
  default void check(Head head, int outputs) {
    if (this instanceof ClassIndex c) {
      checkIndex("class", c.index(), outputs);
    } else if (this instanceof Attribute a) {
      if (head != Head.SIGMOID) {
        throw new IllegalArgumentException(
            "attribute target "
                + a.index()
                + (a.positive() ? "+" : "-")
                + " needs a sigmoid (multi-label) head, but this model has a softmax head over "
                + outputs
                + " classes; give a class index instead");
      }
      checkIndex("attribute", a.index(), outputs);
    }
  }

  /**
   * The output index and sign this target means for an image whose predicted index is {@code
   * predicted}: +1 follows the logit, −1 minus the logit.
   */
  default Resolved resolve(int predicted) {
    if (this instanceof ClassIndex c) {
      return new Resolved(c.index(), true);
    }
    if (this instanceof Attribute a) {
      return new Resolved(a.index(), a.positive());
    }
    return new Resolved(predicted, true);
  }

  private static void checkIndex(String what, int index, int outputs) {
    if (index < 0 || index >= outputs) {
      throw new IllegalArgumentException(
          what
              + " index "
              + index
              + " is out of range: the model has "
              + outputs
              + " outputs (0.."
              + (outputs - 1)
              + ")");
    }
  }

  /** The predicted class. */
  enum Predicted implements Target {
    INSTANCE
  }

  /** A given class. */
  record ClassIndex(int index) implements Target {}

  /** An attribute's positive or negative evidence. */
  record Attribute(int index, boolean positive) implements Target {}

  /**
   * A target made concrete for one image.
   *
   * @param index the output (class or attribute)
   * @param positive true to follow the logit / probability, false for minus the logit / 1 −
   *     probability
   */
  record Resolved(int index, boolean positive) {

    /** The probability this target follows, from one image's row of probabilities. */
    public float probability(float[] probabilities, int row, int outputs) {
      float p = probabilities[row * outputs + index];
      return positive ? p : 1f - p;
    }

    /** {@code 3} or {@code 31+} / {@code 31-}: for labels and file names. */
    public String label(Head head) {
      return head == Head.SIGMOID ? index + (positive ? "+" : "-") : Integer.toString(index);
    }
  }
}
