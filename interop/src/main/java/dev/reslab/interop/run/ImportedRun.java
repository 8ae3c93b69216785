package dev.reslab.interop.run;

import dev.reslab.model.resnet.ResNetConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A run directory written from imported weights.
 *
 * @param root the run directory
 * @param config the model configuration written to {@code config.json}
 * @param checkpointPrefix the TF checkpoint prefix ({@code RUN/checkpoints/epoch-000/ckpt})
 * @param imported variables whose values came from the file
 * @param skipped variables left at their initial values (the head with {@code allowMissingHead})
 */
public record ImportedRun(
    Path root, ResNetConfig config, Path checkpointPrefix, int imported, List<String> skipped) {

  public ImportedRun {
    skipped = List.copyOf(skipped);
  }
}
