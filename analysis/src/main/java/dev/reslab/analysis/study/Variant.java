package dev.reslab.analysis.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model and training of a study.
 *
 * @param name short name used for its run directories and table rows ({@code base}, {@code
 *     -layer3}, {@code w0.875-d2}, {@code lr0.01-bs32})
 * @param model its configuration (the seed is replaced per repetition)
 * @param parameters trainable parameters
 * @param training training hyperparameters that differ from the study's ({@code lr}, {@code
 *     batch_size}, {@code optimizer}, as {@link SearchSpace#apply} reads them); empty for model
 *     variants
 */
public record Variant(
    String name,
    ResNetConfig model,
    long parameters,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> training) {

  public Variant {
    if (name == null || !name.matches("[A-Za-z0-9_.+-]+")) {
      throw new IllegalArgumentException(
          "a variant name must be letters, digits, '.', '_', '+' or '-', got '" + name + "'");
    }
    training =
        training == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(training));
  }

  /** A model variant trained as the study says. */
  public Variant(String name, ResNetConfig model, long parameters) {
    this(name, model, parameters, Map.of());
  }

  /** The variant with its parameters counted from a scratch graph. */
  public static Variant of(String name, ResNetConfig model) {
    return new Variant(name, model, ModelSummary.of(model).parameters());
  }
}
