package dev.reslab.interop.savedmodel;

import dev.reslab.interop.array.FloatArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One class of a prediction with its score, as ranked by {@link #topK}.
 *
 * @param index class index
 * @param score the model's output for it (probability or logit)
 */
public record RankedClass(int index, float score) {

  /**
   * The {@code k} best classes of each row of [N, classes] scores, best first (ties: lower index
   * first).
   */
  public static List<List<RankedClass>> topK(FloatArray scores, int k) {
    if (scores.rank() != 2) {
      throw new IllegalArgumentException(
          "expected [batch, classes] scores, got shape " + Arrays.toString(scores.shape()));
    }
    int n = (int) scores.dim(0);
    int classes = (int) scores.dim(1);
    List<List<RankedClass>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<RankedClass> row = new ArrayList<>();
      for (int c = 0; c < classes; c++) {
        row.add(new RankedClass(c, scores.values()[i * classes + c]));
      }
      row.sort(
          Comparator.comparingDouble((RankedClass r) -> -r.score())
              .thenComparingInt(RankedClass::index));
      out.add(List.copyOf(row.subList(0, Math.min(k, classes))));
    }
    return out;
  }
}
