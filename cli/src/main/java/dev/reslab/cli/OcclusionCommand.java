package dev.reslab.cli;

import dev.reslab.analysis.explain.Baseline;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.ExplanationFiles;
import dev.reslab.analysis.explain.Occlusion;
import dev.reslab.analysis.explain.OcclusionMap;
import dev.reslab.analysis.explain.OcclusionSettings;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.report.AnalysisProvenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab occlusion}: occlusion-sensitivity maps. */
@Command(
    name = "occlusion",
    mixinStandardHelpOptions = true,
    description =
        "Occlusion sensitivity: a patch slid over each image, the drop of the target's probability per "
            + "position as .npy heatmap and overlay.")
final class OcclusionCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Mixin ImageInputOptions input;

  @Option(
      names = "--target",
      paramLabel = "T",
      defaultValue = "predicted",
      description =
          "predicted, a class index, or an attribute's evidence (31+ / 31-) (default: ${DEFAULT-VALUE})")
  String target;

  @Option(
      names = "--patch",
      paramLabel = "PIXELS",
      description =
          "side of the square patch (default: a quarter of the image's shorter side, 8 on 32x32 "
              + "images, 56 on 224x224)")
  int patch;

  @Option(
      names = "--stride",
      paramLabel = "PIXELS",
      description =
          "step between patch positions (default: a quarter of the patch, 2 on 32x32 images, 14 "
              + "on 224x224)")
  int stride;

  @Option(
      names = "--patch-fill",
      paramLabel = "FILL",
      description = "what the patch shows: zero, mean or blur (default: ${DEFAULT-VALUE})")
  String baseline = "zero";

  @Option(names = "--baseline", hidden = true)
  void oldBaseline(String fill) {
    OldSpelling.used("--baseline", "--patch-fill"); // robustness's --baseline is a model
    baseline = fill;
  }

  @Option(
      names = "--alpha",
      paramLabel = "A",
      defaultValue = "0.5",
      description = "default: ${DEFAULT-VALUE}")
  float alpha;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "occluded copies per run (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Target t = Target.parse(target);
    Baseline fill = Baseline.parse(baseline);
    PrintWriter o = spec.commandLine().getOut();
    try (AnalysisModelOptions.Opened opened = modelOptions.open(input)) {
      ImageInputOptions.Input in = opened.input();
      OcclusionSettings settings =
          OcclusionSettings.forImages(
              in.images().height(), in.images().width(), patch, stride, fill, batchSize);
      ExplainableModel model = opened.model();
      t.check(model.head(), model.outputs());
      long copies =
          (long) in.images().batch()
              * settings.positions(in.images().height()).length
              * settings.positions(in.images().width()).length;
      List<OcclusionMap> maps;
      long started = System.nanoTime();
      try (ProgressBar bar = ProgressBars.start("occlusion", copies, "img", 1)) {
        maps =
            new Occlusion(model, settings)
                .run(in.images(), List.of(t), (done, all) -> bar.stepTo(done));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      AnalysisProvenance.setAside(out);
      for (int i = 0; i < maps.size(); i++) {
        OcclusionMap map = maps.get(i);
        Path png =
            ExplanationFiles.writeOcclusion(
                map,
                in.images().image(i),
                out,
                in.names().get(i),
                in.labelNames(),
                model.head(),
                settings,
                alpha);
        float max = 0;
        for (float d : map.drops()) {
          max = Math.max(max, d);
        }
        o.printf(
            Locale.ROOT,
            "%s: target %s p=%.3f, largest drop %.3f -> %s%n",
            in.names().get(i),
            GradCamCommand.label(in.labelNames(), map.target().index()),
            map.probability(),
            max,
            png);
      }
      o.printf(
          Locale.ROOT,
          "%d occluded images in %.1f s (%.0f images/s)%n",
          copies,
          seconds,
          copies / seconds);
      modelOptions.record(out, opened);
    }
    o.flush();
    return 0;
  }
}
