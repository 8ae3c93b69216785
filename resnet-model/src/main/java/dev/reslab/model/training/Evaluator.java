package dev.reslab.model.training;

import dev.reslab.input.InputPipeline;
import dev.reslab.model.tensor.FloatTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.types.TFloat32;

/**
 * Runs an inference pass over one epoch of a pipeline and reports the mean loss and the collector's
 * metrics.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates one pass of {@code pipeline} (started as {@code epoch}).
   *
   * @return {@code loss} and the collector's metrics, plus {@code examples}
   */
  public static Map<String, Double> evaluate(
      Session session,
      InputPipeline pipeline,
      Operand<TFloat32> loss,
      Operand<TFloat32> probabilities,
      MetricsCollector metrics,
      int epoch) {
    pipeline.startEpoch(session, epoch);
    metrics.reset();
    double lossSum = 0;
    long examples = 0;
    while (true) {
      try (Result r =
          session.runner().fetch(loss).fetch(probabilities).fetch(pipeline.labels()).run()) {
        float[] p = FloatTensors.toArray(r.get(1));
        float[] y = FloatTensors.toArray(r.get(2));
        long[] shape = r.get(1).shape().asArray();
        int batch = (int) shape[0];
        lossSum += FloatTensors.toArray(r.get(0))[0] * batch;
        examples += batch;
        metrics.update(p, y, batch, (int) shape[1]);
      } catch (TFOutOfRangeException end) {
        break;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", examples == 0 ? Double.NaN : lossSum / examples);
    out.putAll(metrics.results());
    out.put("examples", (double) examples);
    return out;
  }
}
