package dev.reslab.analysis.runs;

import dev.reslab.data.DataPipeline;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.savedmodel.ImportedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.MetricsCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;

/**
 * Evaluates a SavedModel made elsewhere (Python TF1, TF2 or Keras) on a data set: the pipeline
 * delivers raw pixels 0–255 and the model's own preprocessing ({@code --pixel-scale}, {@code
 * --mean}, {@code --std}) is applied before each batch is run through the chosen signature. The
 * output is taken as class scores (probabilities or logits: the metrics only rank them).
 */
public final class SavedModelEvaluation {
  /** (p / 255 − 0) / (1/255) = p: the pipeline passes raw pixels through. */
  private static final Normalization RAW_PIXELS =
      new Normalization(new float[] {0, 0, 0}, new float[] {1 / 255f, 1 / 255f, 1 / 255f});

  private SavedModelEvaluation() {}

  /**
   * @return the collector's metrics plus {@code examples}
   */
  public static Map<String, Double> evaluate(
      ImportedSavedModel model,
      String signature,
      String input,
      String output,
      Preprocessing preprocessing,
      ImageDataset data,
      PipelineOptions options,
      MetricsCollector metrics) {
    var sig = model.signature(signature);
    String inputKey = input != null ? input : only(sig.inputs().keySet(), "input", signature);
    // reslab's own exports (and many others) offer logits and probabilities: take the
    // probabilities.
    String outputKey =
        output != null
            ? output
            : sig.outputs().containsKey("probabilities")
                ? "probabilities"
                : only(sig.outputs().keySet(), "output", signature);
    metrics.reset();
    long examples = 0;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              options.toBuilder().normalization(RAW_PIXELS).shuffle(false).augment(false).build());
      p.startEpoch(s, 1);
      while (true) {
        FloatArray images;
        float[] labels;
        try (Result r = s.runner().fetch(p.images()).fetch(p.labels()).run()) {
          images = new FloatArray(FloatTensors.shape(r.get(0)), FloatTensors.toArray(r.get(0)));
          labels = FloatTensors.toArray(r.get(1));
        } catch (TFOutOfRangeException end) {
          break;
        }
        FloatArray scores = model.run(signature, inputKey, outputKey, images, preprocessing);
        int batch = (int) images.dim(0);
        int outputs = (int) (scores.values().length / batch);
        if (outputs != data.info().numLabels()) {
          throw new IllegalArgumentException(
              "the SavedModel gives "
                  + outputs
                  + " outputs per image but "
                  + data.info().name()
                  + " has "
                  + data.info().numLabels()
                  + " classes");
        }
        metrics.update(scores.values(), labels, batch, outputs);
        examples += batch;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>(metrics.results());
    out.put("examples", (double) examples);
    return out;
  }

  private static String only(Set<String> keys, String what, String signature) {
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          "signature '"
              + signature
              + "' has "
              + keys.size()
              + " "
              + what
              + "s ("
              + String.join(", ", keys)
              + "); name the "
              + what
              + " to use with --"
              + what);
    }
    return keys.iterator().next();
  }
}
