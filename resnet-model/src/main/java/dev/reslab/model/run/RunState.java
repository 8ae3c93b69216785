package dev.reslab.model.run;

import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingStop;
import java.util.List;

/**
 * What a run had committed with a checkpoint: every epoch's metrics so far, the best epoch and why
 * training stopped early, if it did. It lives in the checkpoint's {@code state.json}, so it is
 * renamed into place together with the weights and survives a kill at any instant; metrics.csv,
 * metrics.jsonl and the best pointer are rebuilt from it.
 *
 * @param epoch the checkpoint's epoch
 * @param history the rows of epochs 1…{@code epoch}
 * @param bestEpoch the best epoch of {@code history}, or -1 when the selection metric is undefined
 *     so far
 * @param selectMetric the column that picked it
 * @param stop why training ended after this epoch, or null
 */
public record RunState(
    int epoch, List<EpochResult> history, int bestEpoch, String selectMetric, TrainingStop stop) {
  public RunState {
    history = List.copyOf(history);
  }
}
