package dev.reslab.analysis.quicklook;

import dev.reslab.analysis.explain.Baseline;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.explain.ExplanationFiles;
import dev.reslab.analysis.explain.Faithfulness;
import dev.reslab.analysis.explain.FaithfulnessScore;
import dev.reslab.analysis.explain.GradCam;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.inputs.ImageSelection;
import dev.reslab.analysis.perclass.PerClassReport;
import dev.reslab.analysis.perclass.PerClassResult;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.model.inference.InferenceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * Per-class results ({@code DIR/per-class/}) and Grad-CAM grids of the first images ({@code
 * DIR/gradcam/}) of a multi-class evaluation split, for a model just trained.
 */
public final class QuickLook {
  private QuickLook() {}

  /**
   * What was written.
   *
   * @param accuracy overall accuracy on the split
   * @param perClass the per-class files by name (see {@link PerClassReport#write})
   * @param gradCamGrids one grid per explained image
   */
  public record Written(double accuracy, Map<String, Path> perClass, List<Path> gradCamGrids) {}

  /**
   * Evaluates {@code model} on {@code data} and writes the files.
   *
   * @param normalization the input normalisation the model was trained with
   * @param gradCamImages how many of the first images get a Grad-CAM grid
   * @param progress images evaluated so far, after each batch; may be null
   */
  public static Written write(
      InferenceModel model,
      Normalization normalization,
      ImageDataset data,
      Path dir,
      int gradCamImages,
      LongConsumer progress) {
    ExplainableModel explainable = ExplainableModel.of(model, normalization);
    List<String> names = data.info().labelNames();
    try (DatasetBatches batches = DatasetBatches.all(data, 128)) {
      PerClassResult result =
          PerClassReport.run(explainable::predict, batches, names.size(), 32, progress);
      Map<String, Path> perClass =
          PerClassReport.write(result, names, dir.resolve("per-class"), 5, data.info().name());
      List<Path> grids = new ArrayList<>();
      int n = (int) Math.min(gradCamImages, batches.examples());
      if (n > 0) {
        ImageSelection pick = ImageSelection.byIndex(data, LongStream.range(0, n).boxed().toList());
        GradCam cam = GradCam.forStages(explainable);
        GradCamResult r =
            cam.explain(pick.images(), List.of(Target.predicted()), CamMethod.GRAD_CAM);
        Faithfulness deletion = new Faithfulness(explainable, Baseline.BLUR, 10);
        List<List<FaithfulnessScore>> scores = new ArrayList<>();
        for (int l = 0; l < cam.layers().size(); l++) {
          scores.add(deletion.score(r, l, 0.2));
        }
        grids.addAll(
            ExplanationFiles.writeGradCam(
                    r, dir.resolve("gradcam"), pick.names(), names, 0.5f, scores)
                .grids());
      }
      return new Written(result.confusion().accuracy(), perClass, grids);
    }
  }
}
