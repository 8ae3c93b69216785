package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab summary}: the model as a table of layers, output shapes and parameters. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description = "input height and width (default: 32 for the cifar stem, 224 for imagenet)")
  Integer inputSize;

  @Option(names = "--input-size", hidden = true)
  void oldInputSize(int pixels) {
    OldSpelling.used("--input-size", "--image-size");
    inputSize = pixels;
  }

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ResNetConfig config = model.toConfig();
    ModelSummary summary =
        inputSize == null ? ModelSummary.of(config) : ModelSummary.of(config, inputSize);
    if (json) {
      spec.commandLine()
          .getOut()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(summary));
    } else {
      spec.commandLine().getOut().print(summary.toTable());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
