package dev.reslab.data.bench;

import dev.reslab.data.DataPipeline;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;

/**
 * Measures how fast a pipeline delivers batches to a session (images and labels fetched to the JVM,
 * as a training step would consume them), over as many epochs as fit in the time given, after a
 * warm-up.
 */
public final class PipelineBenchmark {

  /**
   * One measurement.
   *
   * @param name what was measured
   * @param images images delivered in the timed part
   * @param seconds timed duration
   * @param epochs epochs started in the timed part
   * @param startSeconds time spent in {@code startEpoch} (re-creating the dataset and iterator)
   *     within the timed part
   * @param loadBefore 1-minute system load average before (-1 if unknown)
   * @param loadAfter 1-minute system load average after
   * @param processors processors available to the JVM
   */
  public record Result(
      String name,
      long images,
      double seconds,
      int epochs,
      double startSeconds,
      double loadBefore,
      double loadAfter,
      int processors) {
    /** Overall rate, epoch starts included. */
    public double imagesPerSecond() {
      return images / seconds;
    }

    /** Rate within epochs (epoch starts excluded): what a long epoch sees. */
    public double steadyImagesPerSecond() {
      return images / Math.max(1e-9, seconds - startSeconds);
    }

    @Override
    public String toString() {
      return String.format(
          "%-22s %8.0f images/s overall, %8.0f within epochs  (%d images in %.1f s, %d epoch starts"
              + " took %.1f s; load %.2f -> %.2f on %d cpus)",
          name,
          imagesPerSecond(),
          steadyImagesPerSecond(),
          images,
          seconds,
          epochs,
          startSeconds,
          loadBefore,
          loadAfter,
          processors);
    }
  }

  private PipelineBenchmark() {}

  /**
   * Runs {@code dataset} with {@code options} for about {@code duration} after {@code warmup}
   * batches.
   */
  public static Result run(
      String name, ImageDataset dataset, PipelineOptions options, Duration duration, int warmup) {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = dataset.pipeline(Ops.create(g), options);
      int epoch = 0;
      p.startEpoch(s, epoch);
      for (int i = 0; i < warmup; i++) {
        if (fetch(s, p) < 0) {
          p.startEpoch(s, ++epoch);
        }
      }
      long images = 0;
      int epochs = 0;
      long startNanos = 0;
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      while (System.nanoTime() < end) {
        long n = fetch(s, p);
        if (n < 0) {
          long t = System.nanoTime();
          p.startEpoch(s, ++epoch);
          startNanos += System.nanoTime() - t;
          epochs++;
        } else {
          images += n;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return new Result(
          name,
          images,
          seconds,
          epochs,
          startNanos / 1e9,
          loadBefore,
          loadAfter,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Fetches one batch; returns its size, or -1 at the end of the epoch. */
  private static long fetch(Session s, DataPipeline p) {
    try (org.tensorflow.Result r = s.runner().fetch(p.images()).fetch(p.labels()).run()) {
      return r.get(0).shape().get(0);
    } catch (TFOutOfRangeException end) {
      return -1;
    }
  }
}
