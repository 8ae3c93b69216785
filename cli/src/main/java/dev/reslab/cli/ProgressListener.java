package dev.reslab.cli;

import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Draws a progress bar per epoch (loss, images/s) and prints one line of metrics when the epoch
 * ends.
 */
class ProgressListener implements TrainingListener {
  private final PrintWriter out;
  private ProgressBar bar;

  ProgressListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void epochStarted(int epoch, int epochs, long steps) {
    bar =
        ProgressBars.builder(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), steps)
            .build();
  }

  @Override
  public void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {
    if (bar != null) {
      bar.stepTo(step);
      bar.setExtraMessage(
          String.format(Locale.ROOT, "loss %.4f, %.0f img/s", loss, imagesPerSecond));
    }
  }

  @Override
  public void validationStarted(int epoch) {
    closeBar();
  }

  @Override
  public void epochFinished(EpochResult result, boolean best) {
    closeBar();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d:", result.epoch()));
    for (Map.Entry<String, Double> m : result.metrics().entrySet()) {
      if (m.getKey().endsWith("loss")
          || m.getKey().endsWith("accuracy")
          || m.getKey().endsWith("auc_macro")
          || m.getKey().endsWith("f1_macro")) {
        line.append(String.format(Locale.ROOT, " %s %.4f", m.getKey(), m.getValue()));
      }
    }
    line.append(
        String.format(
            Locale.ROOT,
            " (%.0f s, %.0f img/s)%s",
            result.seconds(),
            result.imagesPerSecond(),
            best ? " *best" : ""));
    out.println(line);
    out.flush();
  }

  @Override
  public void info(String message) {
    out.println(message);
    out.flush();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
