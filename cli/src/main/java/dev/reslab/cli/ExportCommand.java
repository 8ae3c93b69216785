package dev.reslab.cli;

import dev.reslab.interop.export.SavedModelExport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab export}: a lean inference SavedModel of a run for Python TensorFlow. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a run's best (or a chosen) checkpoint as a SavedModel for Python TensorFlow.",
      "In Python: m = tf.saved_model.load(DIR); m.signatures['serving_default'](images=x)",
      "Input 'images': float32 [N,H,W,3] raw RGB pixels 0-255 (normalisation is inside the graph).",
      "Outputs: logits, probabilities; signature 'features': layer1..layerN."
    })
final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "RUN",
      required = true,
      description = "RUN, RUN/best or RUN/checkpoints/epoch-NNN")
  Path model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "new SavedModel folder")
  Path out;

  @Option(
      names = "--mean",
      split = ",",
      paramLabel = "R,G,B",
      description = "override the run's normalisation mean (pixels scaled to 0-1)")
  List<Float> mean;

  @Option(
      names = "--std",
      split = ",",
      paramLabel = "R,G,B",
      description = "override the run's standard deviation")
  List<Float> std;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if ((mean == null) != (std == null)
        || (mean != null && (mean.size() != 3 || std.size() != 3))) {
      throw new IllegalArgumentException("give both --mean and --std with 3 values each");
    }
    SavedModelExport.Exported e = SavedModelExport.export(model, out, floats(mean), floats(std));
    var o = spec.commandLine().getOut();
    o.printf("exported epoch %d of %s to %s%n", e.epoch(), model, e.dir());
    o.printf(
        "  serving_default: images (raw 0-255, mean %s, std %s inside) -> logits, probabilities%n",
        Arrays.toString(e.mean()), Arrays.toString(e.std()));
    o.printf("  features: images -> %s%n", String.join(", ", e.features()));
    o.flush();
    return 0;
  }

  private static float[] floats(List<Float> values) {
    if (values == null) {
      return null;
    }
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i);
    }
    return f;
  }
}
