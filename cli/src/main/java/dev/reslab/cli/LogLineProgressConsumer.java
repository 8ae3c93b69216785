package dev.reslab.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Shows a progress bar as plain lines, at most one per interval plus the final state, for output
 * that is not a terminal (a log file, CI): redrawing in place there would write four lines a second
 * of carriage returns.
 */
final class LogLineProgressConsumer implements ProgressBarConsumer {
  private final PrintStream out;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long lastPrinted;
  private String latest;
  private boolean latestPrinted = true;

  LogLineProgressConsumer(PrintStream out, long intervalNanos, LongSupplier clock) {
    this.out = out;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.lastPrinted = clock.getAsLong();
  }

  @Override
  public int getMaxRenderedLength() {
    return 120;
  }

  @Override
  public void accept(String rendered) {
    latest = rendered.strip();
    latestPrinted = false;
    long now = clock.getAsLong();
    if (now - lastPrinted >= intervalNanos) {
      print(now);
    }
  }

  private void print(long now) {
    out.println(latest);
    out.flush();
    lastPrinted = now;
    latestPrinted = true;
  }

  @Override
  public void close() {
    if (!latestPrinted && latest != null) {
      print(clock.getAsLong());
    }
  }
}
