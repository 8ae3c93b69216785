package dev.reslab.model.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code RUN/config.json} holds: enough to rebuild the model, the data and the training of a
 * run.
 *
 * @param model the model configuration
 * @param training the training configuration
 * @param data how the data was opened (data set, directory, splits, limits, normalisation), as the
 *     caller describes it; {@code train --resume} and {@code eval} read it back
 * @param versions reslab, TensorFlow and Java versions that made the run
 * @param created ISO-8601 time the run started
 * @param init where the initial weights came from (source, sha256, re-initialised layers), or null
 *     for fresh weights
 */
public record RunConfig(
    ResNetConfig model,
    TrainingConfig training,
    Map<String, Object> data,
    Map<String, String> versions,
    String created,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> init) {

  public RunConfig {
    // Not Map.copyOf: a description may hold nulls (no directory for generated data).
    data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    versions = versions == null ? Map.of() : Map.copyOf(versions);
    init = init == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(init));
  }

  /** A run from fresh weights. */
  public RunConfig(
      ResNetConfig model,
      TrainingConfig training,
      Map<String, Object> data,
      Map<String, String> versions,
      String created) {
    this(model, training, data, versions, created, null);
  }

  /**
   * The side of the square images a run's model sees: the size its data set produced (recorded
   * since runs record it), else the size its data asked for, else CelebA's 64, else the stem's
   * default (32 for the CIFAR stem, 224 for the ImageNet stem). Image files given to a run, or to
   * its export, are brought to this size. An ImageNet-stem model trained on 32×32 CIFAR-10 thus
   * sees 32×32 files, not 224×224.
   *
   * @param data the run's recorded data description (empty for an imported run)
   */
  public static int inputSize(ResNetConfig model, Map<String, Object> data) {
    int produced = data.get("imageHeight") instanceof Number n ? n.intValue() : 0;
    if (produced > 0) {
      return produced;
    }
    int recorded = data.get("imageSize") instanceof Number n ? n.intValue() : 0;
    if (recorded > 0) {
      return recorded;
    }
    return "celeba".equals(data.get("dataset")) ? 64 : model.stem().defaultInputSize();
  }
}
