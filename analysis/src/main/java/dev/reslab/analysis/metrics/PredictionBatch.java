package dev.reslab.analysis.metrics;

/**
 * Shape and value checks shared by the collectors, so bad input fails with one line naming what is
 * wrong.
 */
final class PredictionBatch {

  private PredictionBatch() {}

  static void check(
      float[] probabilities,
      float[] labels,
      int batch,
      int outputs,
      int expectedOutputs,
      String outputName,
      String oneOutput) {
    if (probabilities == null || labels == null) {
      throw new IllegalArgumentException("probabilities and labels must not be null");
    }
    if (batch < 0) {
      throw new IllegalArgumentException("batch must be 0 or more, got " + batch);
    }
    if (outputs != expectedOutputs) {
      throw new IllegalArgumentException(
          "got "
              + outputs
              + " "
              + outputName
              + " per row, this collector was made for "
              + expectedOutputs);
    }
    long expected = (long) batch * outputs;
    if (probabilities.length != expected) {
      throw new IllegalArgumentException(
          "probabilities has "
              + probabilities.length
              + " values, expected batch "
              + batch
              + " x "
              + outputs
              + " "
              + outputName
              + " = "
              + expected);
    }
    if (labels.length != expected) {
      throw new IllegalArgumentException(
          "labels has "
              + labels.length
              + " values, expected batch "
              + batch
              + " x "
              + outputs
              + " "
              + outputName
              + " = "
              + expected);
    }
    for (int i = 0; i < probabilities.length; i++) {
      if (!Float.isFinite(probabilities[i])) {
        throw new IllegalArgumentException(
            "probability is "
                + probabilities[i]
                + " at row "
                + i / outputs
                + ", "
                + oneOutput
                + " "
                + i % outputs);
      }
    }
  }
}
