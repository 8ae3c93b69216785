package dev.reslab.analysis.runs;

import dev.reslab.data.DataSpec;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.OptimizerConfig;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the training engine on a real pipeline: images per second over the steps after a
 * warm-up, and resident memory at chosen steps (it must not grow), read from {@code
 * /proc/self/status}.
 *
 * <p>Throughput is reported twice: over wall time, which includes the work at each epoch's end
 * (checkpoint, metrics, restarting the input pipeline), and within epochs, which is the steady
 * speed of the training step. On data sets much smaller than a real epoch (the shared CIFAR-10
 * files hold 4,660 images, 37 steps of 128) the epoch ends weigh far more than they would on 50,000
 * images, so the two differ.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  /**
   * Result of a run.
   *
   * @param steps steps timed (after warm-up)
   * @param imagesPerSecond training throughput over those steps, wall time including epoch ends
   * @param imagesPerSecondWithinEpochs throughput of the training steps alone (the first step of
   *     each epoch, which includes refilling the pipeline, and the epoch-end work are left out)
   * @param epochEnds epoch ends within the timed steps
   * @param rssAtStepMb resident memory (MiB) at each sampled step
   * @param peakRssMb peak resident memory (MiB) of the process
   */
  public record Result(
      long steps,
      double imagesPerSecond,
      double imagesPerSecondWithinEpochs,
      int epochEnds,
      Map<Long, Double> rssAtStepMb,
      double peakRssMb) {}

  /** Thrown by the listener to end training once enough steps were measured. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  /** Counts steps across the trainer's epochs and times them. */
  private static final class Clock implements TrainingListener {
    private final long totalSteps;
    private final long warmup;
    private final List<Long> sampleSteps;
    private final TrainingListener progress;
    private final Map<Long, Double> rss = new TreeMap<>();
    private long count;
    private long wallStart;
    private long wallEnd;
    private long lastStep;
    private boolean epochBoundary = true;
    private long steadyNanos;
    private long steadySteps;
    private int epochEnds;

    Clock(long totalSteps, long warmup, List<Long> sampleSteps, TrainingListener progress) {
      this.totalSteps = totalSteps;
      this.warmup = warmup;
      this.sampleSteps = sampleSteps;
      this.progress = progress;
    }

    @Override
    public void epochFinished(EpochResult result, boolean best) {
      epochBoundary = true;
      if (count > warmup) {
        epochEnds++;
      }
    }

    @Override
    public void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {
      long now = System.nanoTime();
      count++;
      if (count == warmup) {
        wallStart = now;
      } else if (count > warmup && !epochBoundary) {
        steadyNanos += now - lastStep;
        steadySteps++;
      }
      lastStep = now;
      epochBoundary = false;
      if (sampleSteps.contains(count)) {
        rss.put(count, memoryMb("VmRSS"));
      }
      progress.stepFinished(1, count, loss, imagesPerSecond);
      if (count >= totalSteps) {
        wallEnd = now;
        throw new Enough();
      }
    }
  }

  /**
   * Trains {@code model} on {@code data} in {@code precision} (where this machine can; else fp32,
   * said through {@code progress}) for {@code totalSteps} steps in a scratch run directory,
   * sampling RSS at {@code sampleSteps}; the first {@code warmup} steps are not timed.
   */
  public static Result run(
      ResNetConfig model,
      DataSpec data,
      int batchSize,
      Precision precision,
      long totalSteps,
      long warmup,
      List<Long> sampleSteps,
      TrainingListener progress)
      throws IOException {
    if (warmup < 1 || totalSteps <= warmup) {
      throw new IllegalArgumentException(
          "the steps ("
              + totalSteps
              + ") must exceed the warm-up steps ("
              + warmup
              + "), and at least one step must be warm-up");
    }
    Path scratch = Files.createTempDirectory("reslab-bench-train");
    Clock clock = new Clock(totalSteps, warmup, sampleSteps, progress);
    TrainingConfig training =
        TrainingConfig.builder(1_000_000, batchSize)
            .select("train_loss")
            .keepLast(1)
            .precision(precision)
            .build();
    try {
      TrainingJob.train(model, training, data.withValidationSplit(null), scratch, clock);
    } catch (Enough done) {
      // the planned number of steps ran
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    long timed = totalSteps - warmup;
    double seconds = (clock.wallEnd - clock.wallStart) / 1e9;
    double steady = clock.steadySteps * (double) batchSize / (clock.steadyNanos / 1e9);
    return new Result(
        timed, timed * batchSize / seconds, steady, clock.epochEnds, clock.rss, memoryMb("VmHWM"));
  }

  /**
   * Images per second of {@link BareResNetStep}, the same network's step written directly in
   * TensorFlow ops and trained with the same optimizer, over {@code totalSteps} steps after {@code
   * warmup} untimed ones, in the session options ({@code precision}, default threads) the engine
   * uses.
   */
  public static double bareImagesPerSecond(
      ResNetConfig model,
      int size,
      int batchSize,
      Precision precision,
      long totalSteps,
      long warmup,
      TrainingListener progress) {
    try (BareResNetStep step = bareStep(model, size, batchSize, precision)) {
      long start = 0;
      for (long i = 1; i <= totalSteps; i++) {
        if (i == warmup + 1) {
          start = System.nanoTime();
        }
        float loss = step.run();
        progress.stepFinished(1, i, loss, Double.NaN);
      }
      return (totalSteps - warmup) * (double) batchSize / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Where the engine's training step spends its time: step {@code step} of the first epoch (after
   * {@code step - 1} untraced warm-up steps) traced, op time summed by op type.
   */
  public static StepProfile profile(
      ResNetConfig model, DataSpec data, int batchSize, Precision precision, long step)
      throws IOException {
    Path scratch = Files.createTempDirectory("reslab-bench-profile");
    StepProfile[] traced = new StepProfile[1];
    TrainingListener tracer =
        new TrainingListener() {
          @Override
          public boolean traceStep(int epoch, long s) {
            return epoch == 1 && s == step;
          }

          @Override
          public void stepTraced(int epoch, long s, StepProfile profile) {
            traced[0] = profile;
          }

          @Override
          public void stepFinished(int epoch, long s, double loss, double imagesPerSecond) {
            if (traced[0] != null) {
              throw new Enough();
            }
          }
        };
    TrainingConfig training =
        TrainingConfig.builder(1, batchSize).select("train_loss").precision(precision).build();
    try {
      TrainingJob.train(model, training, data.withValidationSplit(null), scratch, tracer);
    } catch (Enough done) {
      // the traced step ran
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    if (traced[0] == null) {
      throw new IllegalArgumentException(
          "the first epoch has fewer than " + step + " steps of " + batchSize + " images");
    }
    return traced[0];
  }

  /** As {@link #profile} for {@link BareResNetStep}, the same network written directly in ops. */
  public static StepProfile profileBare(
      ResNetConfig model, int size, int batchSize, Precision precision, long step) {
    try (BareResNetStep bare = bareStep(model, size, batchSize, precision)) {
      for (long i = 1; i < step; i++) {
        bare.run();
      }
      return bare.trace();
    }
  }

  /**
   * The bare step with the optimizer the engine's benchmark trains with (the training default), in
   * the session options the engine would use for {@code model}.
   */
  private static BareResNetStep bareStep(
      ResNetConfig model, int size, int batchSize, Precision precision) {
    OptimizerConfig optimizer = TrainingConfig.builder(1, batchSize).build().optimizer();
    return new BareResNetStep(
        model, batchSize, size, optimizer, SessionOptions.of(precision, 0, model));
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
