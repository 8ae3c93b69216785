package dev.reslab.cli;

import dev.reslab.analysis.study.StudyListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A line per run of a study ("run 3/10: -layer3, seed 0 (resume)"), then the usual epoch progress
 * bars.
 */
final class StudyProgress extends ProgressListener implements StudyListener {
  private final PrintWriter out;

  StudyProgress(PrintWriter out) {
    super(out);
    this.out = out;
  }

  @Override
  public void runStarted(String variant, long seed, int index, int total, String action) {
    out.printf(
        Locale.ROOT,
        "run %d/%d: %s, seed %d%s%n",
        index,
        total,
        variant,
        seed,
        action.equals("skip")
            ? " (finished earlier, skipped)"
            : action.equals("resume") ? " (resuming)" : "");
    out.flush();
  }
}
