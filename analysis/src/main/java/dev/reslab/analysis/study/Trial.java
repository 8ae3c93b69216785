package dev.reslab.analysis.study;

import java.util.Map;
import java.util.TreeMap;

/**
 * One trial of a tuning study as stored.
 *
 * @param number 1-based, unique in the study
 * @param state its state
 * @param params hyperparameter values as text
 * @param value the metric at its last epoch (NaN while running or failed)
 * @param intermediate the metric per epoch
 * @param runDir its run directory
 * @param owner {@code host:pid} of the process that ran it last
 */
public record Trial(
    int number,
    State state,
    Map<String, String> params,
    double value,
    TreeMap<Integer, Double> intermediate,
    String runDir,
    String owner) {

  /** A trial's life: planned (waiting for a worker), running, then complete, pruned or failed. */
  public enum State {
    WAITING,
    RUNNING,
    COMPLETE,
    PRUNED,
    FAIL
  }

  /** Finished, with a value samplers can learn from. */
  public boolean finished() {
    return (state == State.COMPLETE || state == State.PRUNED) && !Double.isNaN(value);
  }
}
