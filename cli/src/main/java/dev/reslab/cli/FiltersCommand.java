package dev.reslab.cli;

import dev.reslab.analysis.explain.FilterGrid;
import dev.reslab.analysis.report.AnalysisProvenance;
import dev.reslab.model.inference.InferenceModel;
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

/** {@code reslab filters}: convolution kernels as pictures. */
@Command(
    name = "filters",
    mixinStandardHelpOptions = true,
    description =
        "Convolution kernels as pictures: conv1 as RGB tiles, deeper kernels as grayscale grids (rows: "
            + "output channels, columns: input channels).")
final class FiltersCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Option(
      names = "--layers",
      paramLabel = "NAMES",
      split = ",",
      defaultValue = "conv1,layer1.0.conv1",
      description = "convolution layers (default: ${DEFAULT-VALUE})")
  List<String> layers;

  @Option(
      names = "--max-filters",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "RGB filters of the first convolution shown; 0 for all (default: ${DEFAULT-VALUE})")
  int maxFilters;

  @Option(
      names = "--max-out",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "output channels of deeper kernels shown; 0 for all (default: ${DEFAULT-VALUE})")
  int maxOut;

  @Option(
      names = "--max-in",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "input channels shown for deeper kernels; 0 for all (default: ${DEFAULT-VALUE})")
  int maxIn;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    try (InferenceModel m = modelOptions.load()) {
      AnalysisProvenance.setAside(out);
      for (String layer : layers) {
        FilterGrid.Kernel k = FilterGrid.kernel(m.model(), m.session(), layer);
        Path png = out.resolve(layer + ".png");
        if (k.shape()[2] == 3) {
          FilterGrid.writeRgb(k, maxFilters, 8, png);
        } else {
          FilterGrid.writeGrayscale(k, maxOut, maxIn, png);
        }
        o.println(png + ": " + layer + " " + Arrays.toString(k.shape()));
      }
      modelOptions.record(out, m, null, null); // kernels only: no images, no normalisation
    }
    o.flush();
    return 0;
  }
}
