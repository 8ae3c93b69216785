package dev.reslab.analysis.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;

/**
 * Measures the training engine on a real pipeline: images per second over the steps after a warm-up, and resident
 * memory at chosen steps (it must not grow), read from {@code /proc/self/status}.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  /**
   * Result of a run.
   *
   * @param steps           steps timed (after warm-up)
   * @param imagesPerSecond training throughput over those steps
   * @param rssAtStepMb     resident memory (MiB) at each sampled step
   * @param peakRssMb       peak resident memory (MiB) of the process
   */
  public record Result(long steps, double imagesPerSecond, Map<Long, Double> rssAtStepMb, double peakRssMb) {}

  /** Thrown by the listener to end training once enough steps were measured. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  /**
   * Trains {@code model} on {@code data} for {@code totalSteps} steps in a scratch run directory, sampling RSS at
   * {@code sampleSteps}; the first {@code warmup} steps are not timed.
   */
  public static Result run(ResNetConfig model, DataSpec data, int batchSize, long totalSteps, long warmup,
      List<Long> sampleSteps, TrainingListener progress) throws IOException {
    Path scratch = Files.createTempDirectory("reslab-bench-train");
    Map<Long, Double> rss = new TreeMap<>();
    long[] count = {0};
    long[] timing = {0, 0};
    TrainingListener listener = new TrainingListener() {
      @Override
      public void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {
        count[0]++;
        if (count[0] == warmup) {
          timing[0] = System.nanoTime();
        }
        if (sampleSteps.contains(count[0])) {
          rss.put(count[0], memoryMb("VmRSS"));
        }
        progress.stepFinished(1, count[0], loss, imagesPerSecond);
        if (count[0] >= totalSteps) {
          timing[1] = System.nanoTime();
          throw new Enough();
        }
      }
    };
    TrainingConfig training = TrainingConfig.defaults(1_000_000, batchSize).withSelection("train_loss", 1);
    try {
      TrainingJob.train(model, training, data.withValidationSplit(null), scratch, listener);
    } catch (Enough done) {
      // the planned number of steps ran
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    long timed = totalSteps - warmup;
    double seconds = (timing[1] - timing[0]) / 1e9;
    return new Result(timed, timed * batchSize / seconds, rss, memoryMb("VmHWM"));
  }

  /** A field of /proc/self/status in MiB (NaN where there is no /proc). */
  static double memoryMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.split("\\s+")[1]) / 1024.0; // "VmRSS:   123456 kB"
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
