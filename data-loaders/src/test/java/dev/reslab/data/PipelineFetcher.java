package dev.reslab.data;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;

/** Test support: runs an epoch of a pipeline and collects the batches as Java arrays. */
final class PipelineFetcher {
  record Batch(float[][][][] images, float[][] labels) {}

  private PipelineFetcher() {}

  static List<Batch> epoch(Session s, DataPipeline p, int epoch) {
    p.startEpoch(s, epoch);
    List<Batch> out = new ArrayList<>();
    while (true) {
      try (Result r = s.runner().fetch(p.images()).fetch(p.labels()).run()) {
        TFloat32 img = (TFloat32) r.get(0);
        TFloat32 lab = (TFloat32) r.get(1);
        float[][][][] images = StdArrays.array4dCopyOf(img);
        float[][] labels =
            lab.rank() == 2
                ? StdArrays.array2dCopyOf(lab)
                : new float[][] {StdArrays.array1dCopyOf(lab)};
        out.add(new Batch(images, labels));
      } catch (TFOutOfRangeException end) {
        return out;
      }
    }
  }

  static int count(List<Batch> batches) {
    return batches.stream().mapToInt(b -> b.images().length).sum();
  }
}
