package dev.reslab.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bars of all commands, on stderr: redrawn in place on a terminal, a plain line every
 * 30 seconds (and the final state) when the output goes to a file or a pipe.
 */
final class ProgressBars {
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ProgressBars() {}

  /**
   * A bar over {@code max} units (-1 when unknown) showing the speed in {@code unit}s per second.
   */
  static ProgressBar start(String task, long max, String unit, long unitSize) {
    return builder(task, max).setUnit(" " + unit, unitSize).showSpeed().build();
  }

  /** A bar over {@code max} items without speed, for callers that add their own message. */
  static ProgressBarBuilder builder(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(consumer())
        .continuousUpdate();
  }

  /**
   * Counted stages on {@code bar} for a library call that names each stage as it starts: the bar
   * shows the stages done and the current one's name.
   */
  static Consumer<String> stages(ProgressBar bar) {
    int[] started = {0};
    return stage -> {
      bar.stepTo(started[0]++);
      bar.setExtraMessage(stage);
    };
  }

  /** The bar at its end, saying so. */
  static void finish(ProgressBar bar) {
    bar.stepTo(bar.getMax());
    bar.setExtraMessage("done");
  }

  /**
   * The launcher says whether stderr is a terminal; Java alone can only tell for stdin and stdout.
   */
  private static boolean stderrIsTerminal() {
    String launcher = System.getProperty("reslab.stderr.terminal");
    return launcher != null ? Boolean.parseBoolean(launcher) : System.console() != null;
  }

  private static ProgressBarConsumer consumer() {
    return stderrIsTerminal()
        ? new ConsoleProgressBarConsumer(System.err)
        : new LogLineProgressConsumer(System.err, LOG_INTERVAL_NANOS, System::nanoTime);
  }
}
