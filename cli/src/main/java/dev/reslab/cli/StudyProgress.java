package dev.reslab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import dev.reslab.analysis.study.StudyListener;
import dev.reslab.model.training.EpochResult;

/** A line per run of a study ("run 3/10: -layer3, seed 0 (resume)"), then the usual epoch progress bars. */
final class StudyProgress implements StudyListener {
  private final PrintWriter out;
  private final ProgressListener epochs;

  StudyProgress(PrintWriter out) {
    this.out = out;
    this.epochs = new ProgressListener(out);
  }

  @Override
  public void runStarted(String variant, long seed, int index, int total, String action) {
    out.printf(Locale.ROOT, "run %d/%d: %s, seed %d%s%n", index, total, variant, seed,
        action.equals("skip") ? " (finished earlier, skipped)" : action.equals("resume") ? " (resuming)" : "");
    out.flush();
  }

  @Override
  public void epochStarted(int epoch, int total, long steps) {
    epochs.epochStarted(epoch, total, steps);
  }

  @Override
  public void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {
    epochs.stepFinished(epoch, step, loss, imagesPerSecond);
  }

  @Override
  public void validationStarted(int epoch) {
    epochs.validationStarted(epoch);
  }

  @Override
  public void epochFinished(EpochResult result, boolean best) {
    epochs.epochFinished(result, best);
  }

  @Override
  public void info(String message) {
    epochs.info(message);
  }
}
