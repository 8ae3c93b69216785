package dev.reslab.analysis.study;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the study storage, every few seconds from a thread of its own (with a connection of its
 * own), that this process still trains a trial, so workers elsewhere do not take it over. A worker
 * that stops beating — killed, frozen, cut off — has its trial taken over once the study's timeout
 * passes; if that happened while this process was only slow, {@link #lost()} says so and the worker
 * gives the trial up.
 */
final class Heartbeat implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final TrialStorage storage;
  private volatile boolean lost;

  private Heartbeat(TrialStorage storage, int trial, Duration every) {
    this.storage = storage;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "study-heartbeat");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> {
          try {
            if (!storage.beat(trial)) {
              lost = true;
            }
          } catch (RuntimeException e) {
            // a database hiccup: the next beat tries again; a long outage lets another worker take
            // over, as it should
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Starts beating for {@code trial} of study {@code name} in {@code url}, every {@code every}. */
  static Heartbeat start(String url, String name, int trial, Duration every) {
    return new Heartbeat(TrialStorage.openStudy(url, name), trial, every);
  }

  /** Whether another worker owns the trial now. */
  boolean lost() {
    return lost;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storage.close();
  }
}
