package dev.reslab.cli;

import dev.reslab.analysis.explain.Baseline;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.ExplanationFiles;
import dev.reslab.analysis.explain.Faithfulness;
import dev.reslab.analysis.explain.FaithfulnessScore;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.MapScale;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.report.AnalysisProvenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab gradcam}: Grad-CAM / Grad-CAM++ maps of several layers, as arrays, grids and a
 * faithfulness table.
 */
@Command(
    name = "gradcam",
    mixinStandardHelpOptions = true,
    description =
        "Grad-CAM (and Grad-CAM++) maps of named layers for images, from one forward and backward pass: "
            + "raw maps as .npy, one overlay grid per image (rows: layers), a CSV with deletion AUC and confidence drop.")
final class GradCamCommand implements Callable<Integer> {

  @Mixin AnalysisModelOptions modelOptions;

  @Mixin ImageInputOptions input;

  @Option(
      names = "--layers",
      paramLabel = "NAMES",
      split = ",",
      description = "layers to explain (default: every stage, layer1..layer4)")
  List<String> layers;

  @Option(
      names = "--target",
      paramLabel = "T",
      defaultValue = "predicted",
      description =
          "predicted, a class index (3), or for a sigmoid head an attribute's positive or negative "
              + "evidence (31+ / 31-) (default: ${DEFAULT-VALUE})")
  String target;

  @Option(
      names = "--method",
      paramLabel = "M",
      defaultValue = "gradcam",
      description = "gradcam, gradcam++ or both (default: ${DEFAULT-VALUE})")
  String method;

  @Option(
      names = "--alpha",
      paramLabel = "A",
      defaultValue = "0.5",
      description = "weight of the colour map in the overlay (default: ${DEFAULT-VALUE})")
  float alpha;

  @Option(
      names = "--map-scale",
      paramLabel = "SCALE",
      defaultValue = "map",
      description =
          "map: each map coloured from 0 to its own maximum (where each layer looks); grid: one "
              + "scale for all maps of an image's grid (layers compared in strength) (default: ${DEFAULT-VALUE})")
  String mapScale;

  @Option(
      names = "--mask-fraction",
      paramLabel = "FRACTION",
      description = "fraction of pixels masked for the confidence drop (default: ${DEFAULT-VALUE})")
  double top = 0.2;

  @Option(names = "--top", hidden = true)
  void oldTop(double fraction) {
    OldSpelling.used("--top", "--mask-fraction");
    top = fraction;
  }

  @Option(
      names = "--deletion-steps",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "deletion-curve steps for the AUC; 0 skips the faithfulness scores (default: ${DEFAULT-VALUE})")
  int deletionSteps;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "32",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Target t = Target.parse(target);
    List<CamMethod> methods =
        method.equalsIgnoreCase("both")
            ? List.of(CamMethod.GRAD_CAM, CamMethod.GRAD_CAM_PLUS_PLUS)
            : List.of(CamMethod.parse(method));
    MapScale scale = MapScale.parse(mapScale);
    PrintWriter o = spec.commandLine().getOut();
    try (AnalysisModelOptions.Opened opened = modelOptions.open(input)) {
      ImageInputOptions.Input in = opened.input();
      ExplainableModel model = opened.model();
      t.check(model.head(), model.outputs());
      GradCam cam = layers == null ? GradCam.forStages(model) : GradCam.create(model, layers);
      Faithfulness faithfulness =
          deletionSteps > 0 ? new Faithfulness(model, Baseline.BLUR, deletionSteps) : null;
      AnalysisProvenance.setAside(out);
      for (CamMethod cm : methods) {
        for (int start = 0; start < in.images().batch(); start += batchSize) {
          int n = Math.min(batchSize, in.images().batch() - start);
          ImageBatch part = slice(in.images(), start, n);
          GradCamResult r = cam.explain(part, List.of(t), cm);
          List<List<FaithfulnessScore>> scores = null;
          if (faithfulness != null) {
            scores = new ArrayList<>();
            for (int l = 0; l < cam.layers().size(); l++) {
              scores.add(faithfulness.score(r, l, top));
            }
          }
          List<String> names = in.names().subList(start, start + n);
          ExplanationFiles.GradCamOutput files =
              ExplanationFiles.writeGradCam(
                  r, out, names, in.labelNames(), alpha, scores, scale, start > 0);
          for (int i = 0; i < n; i++) {
            StringBuilder line =
                new StringBuilder(
                    String.format(
                        Locale.ROOT,
                        "%s %s: target %s p=%.3f",
                        names.get(i),
                        cm,
                        label(in.labelNames(), r.targets().get(i).index()),
                        r.targetProbabilities()[i]));
            if (scores != null) {
              for (int l = 0; l < cam.layers().size(); l++) {
                line.append(
                    String.format(
                        Locale.ROOT,
                        "  %s AUC %.3f drop %.3f",
                        cam.layers().get(l),
                        scores.get(l).get(i).deletionAuc(),
                        scores.get(l).get(i).confidenceDrop()));
              }
            }
            o.println(line);
          }
          o.println("wrote " + files.grids().size() + " grids, arrays and " + files.table());
        }
      }
      modelOptions.record(out, opened);
    }
    o.flush();
    return 0;
  }

  static String label(List<String> names, int index) {
    return names == null || index >= names.size()
        ? Integer.toString(index)
        : names.get(index) + " (" + index + ")";
  }

  static ImageBatch slice(ImageBatch images, int start, int n) {
    return new ImageBatch(
        Arrays.copyOfRange(
            images.pixels(), start * images.imageSize(), (start + n) * images.imageSize()),
        n,
        images.height(),
        images.width(),
        images.channels());
  }
}
