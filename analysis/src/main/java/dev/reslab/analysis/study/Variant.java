package dev.reslab.analysis.study;

import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;

/**
 * One model of a study.
 *
 * @param name       short name used for its run directories and table rows ({@code base}, {@code -layer3},
 *                   {@code w0.875-d2})
 * @param model      its configuration (the seed is replaced per repetition)
 * @param parameters trainable parameters
 */
public record Variant(String name, ResNetConfig model, long parameters) {

  public Variant {
    if (name == null || !name.matches("[A-Za-z0-9_.+-]+")) {
      throw new IllegalArgumentException("a variant name must be letters, digits, '.', '_', '+' or '-', got '"
          + name + "'");
    }
  }

  /** The variant with its parameters counted from a scratch graph. */
  public static Variant of(String name, ResNetConfig model) {
    return new Variant(name, model, ModelSummary.of(model).parameters());
  }
}
