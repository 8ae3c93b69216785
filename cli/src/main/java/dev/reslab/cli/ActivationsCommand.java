package dev.reslab.cli;

import dev.reslab.analysis.explain.ActivationGrid;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.report.AnalysisProvenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab activations}: feature maps of named layers as grids. */
@Command(
    name = "activations",
    mixinStandardHelpOptions = true,
    description =
        "The feature maps of named layers for each image, one grid PNG per image and layer (each channel "
            + "scaled to its own range).")
final class ActivationsCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Mixin ImageInputOptions input;

  @Option(
      names = "--layers",
      paramLabel = "NAMES",
      split = ",",
      defaultValue = "conv1,layer1",
      description = "layers to show (default: ${DEFAULT-VALUE})")
  List<String> layers;

  @Option(
      names = "--channels",
      paramLabel = "K",
      defaultValue = "0",
      description = "the first K channels; 0 for all (default: ${DEFAULT-VALUE})")
  int channels;

  @Option(
      names = "--columns",
      paramLabel = "N",
      defaultValue = "8",
      description = "default: ${DEFAULT-VALUE}")
  int columns;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    try (AnalysisModelOptions.Opened opened = modelOptions.open(input)) {
      ImageInputOptions.Input in = opened.input();
      ExplainableModel model = opened.model();
      layers.forEach(model::layer); // every name checked before any work
      AnalysisProvenance.setAside(out);
      for (int i = 0; i < in.images().batch(); i++) {
        for (String layer : layers) {
          Path png = out.resolve(in.names().get(i) + "-" + layer + ".png");
          ExplainableModel.LayerOutput a =
              ActivationGrid.write(model, in.images(), i, layer, channels, columns, png);
          o.println(png + ": " + layer + " " + Arrays.toString(a.shape()));
        }
      }
      modelOptions.record(out, opened);
    }
    o.flush();
    return 0;
  }
}
