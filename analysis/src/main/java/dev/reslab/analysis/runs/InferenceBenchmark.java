package dev.reslab.analysis.runs;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Measures the inference graph (images → probabilities) of a model in one or more precisions:
 * images per second and the latency of a batch. Each precision gets its own graph and session; they
 * are timed in alternating rounds in one process, so that a machine shared with other work slows
 * them alike and their ratio stays meaningful.
 */
public final class InferenceBenchmark {
  private InferenceBenchmark() {}

  /**
   * Settings.
   *
   * @param batchSize images per batch
   * @param imageSize height and width of the images
   * @param rounds alternating rounds
   * @param batchesPerRound batches timed per precision and round
   * @param warmup untimed batches per precision before the first round (graph rewrite, kernel
   *     selection)
   */
  public record Settings(
      int batchSize, int imageSize, int rounds, int batchesPerRound, int warmup) {
    public Settings {
      if (batchSize < 1 || imageSize < 1 || rounds < 1 || batchesPerRound < 1 || warmup < 0) {
        throw new IllegalArgumentException(
            "batch size, image size, rounds and batches per round must be at least 1 "
                + "and warm-up at least 0; got "
                + batchSize
                + ", "
                + imageSize
                + ", "
                + rounds
                + ", "
                + batchesPerRound
                + ", "
                + warmup);
      }
    }
  }

  /**
   * One precision's figures.
   *
   * @param options the session's options (precision asked for and in effect)
   * @param against the switch set while this model's graph was built, or null
   * @param imagesPerSecond over all timed batches
   * @param roundImagesPerSecond images/s of each round, to show the spread
   * @param medianLatencyMs median time of one batch
   * @param p90LatencyMs 90th percentile of one batch
   * @param profile one traced batch: ops executed in bfloat16 and time per op type
   */
  public record Result(
      SessionOptions options,
      PropertySwitch against,
      double imagesPerSecond,
      double[] roundImagesPerSecond,
      double medianLatencyMs,
      double p90LatencyMs,
      StepProfile profile) {}

  /**
   * Times {@code model} in each of {@code precisions} (a precision this machine cannot run is
   * measured as fp32).
   */
  public static List<Result> run(ResNetConfig model, List<Precision> precisions, Settings s) {
    return run(model, precisions, s, null);
  }

  /**
   * As {@link #run(ResNetConfig, List, Settings)}, and when {@code against} is not null each
   * precision a second time with that switch set while its graph is built, timed in the same
   * alternating rounds; results in the order precision, precision with the switch, next precision.
   */
  public static List<Result> run(
      ResNetConfig model, List<Precision> precisions, Settings s, PropertySwitch against) {
    int n = s.batchSize();
    float[] pixels = new float[n * s.imageSize() * s.imageSize() * 3];
    Random random = new Random(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    List<InferenceModel> models = new ArrayList<>();
    try (TFloat32 images = FloatTensors.of(pixels, n, s.imageSize(), s.imageSize(), 3)) {
      List<Timed> timed = new ArrayList<>();
      List<PropertySwitch> switches = new ArrayList<>(); // null: the engine as it is
      for (Precision p : precisions) {
        for (PropertySwitch with :
            against == null
                ? Collections.<PropertySwitch>singletonList(null)
                : Arrays.asList(null, against)) {
          Timed t = with == null ? build(model, p, s) : build(with, model, p, s);
          models.add(t.model());
          timed.add(t);
          switches.add(with);
        }
      }
      List<StepProfile> profiles = new ArrayList<>();
      for (Timed m : timed) {
        for (int i = 0; i < s.warmup(); i++) {
          runBatch(m, images);
        }
        profiles.add(StepProfile.trace(runner(m, images)));
      }
      double[][] latencies = new double[models.size()][s.rounds() * s.batchesPerRound()];
      double[][] rounds = new double[models.size()][s.rounds()];
      for (int r = 0; r < s.rounds(); r++) {
        for (int k = 0; k < models.size(); k++) {
          long roundStart = System.nanoTime();
          for (int b = 0; b < s.batchesPerRound(); b++) {
            long t = System.nanoTime();
            runBatch(timed.get(k), images);
            latencies[k][r * s.batchesPerRound() + b] = (System.nanoTime() - t) / 1e6;
          }
          rounds[k][r] =
              s.batchesPerRound() * (double) n / ((System.nanoTime() - roundStart) / 1e9);
        }
      }
      List<Result> results = new ArrayList<>();
      for (int k = 0; k < models.size(); k++) {
        double totalMs = Arrays.stream(latencies[k]).sum();
        double[] sorted = latencies[k].clone();
        Arrays.sort(sorted);
        results.add(
            new Result(
                models.get(k).sessionOptions(),
                switches.get(k),
                sorted.length * (double) n / (totalMs / 1e3),
                rounds[k],
                percentile(sorted, 0.5),
                percentile(sorted, 0.9),
                profiles.get(k)));
      }
      return results;
    } finally {
      models.forEach(InferenceModel::close);
    }
  }

  private static Timed build(ResNetConfig model, Precision p, Settings s) {
    return Timed.of(InferenceModel.create(model, p), s.imageSize());
  }

  private static Timed build(PropertySwitch with, ResNetConfig model, Precision p, Settings s) {
    try {
      return with.whileSet(() -> build(model, p, s));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A model's prediction pass over images of the benchmark's size, as evaluation builds it on a
   * data pipeline, whose images have a known size.
   */
  private record Timed(InferenceModel model, Placeholder<TFloat32> images, Operand<TFloat32> out) {
    static Timed of(InferenceModel m, int size) {
      Placeholder<TFloat32> images =
          m.ops()
              .withName("bench_images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      return new Timed(m, images, m.predict(images).probabilities());
    }
  }

  private static Session.Runner runner(Timed m, TFloat32 images) {
    return m.model().session().runner().feed(m.images(), images).fetch(m.out());
  }

  private static void runBatch(Timed m, TFloat32 images) {
    try (org.tensorflow.Result r = runner(m, images).run()) {
      r.get(
          0); // fetched and released: the measured work includes handing the batch's output to Java
    }
  }

  static double percentile(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Peak resident memory of this process in MiB ({@code VmHWM}), NaN where there is no /proc. */
  public static double peakRssMb() {
    return TrainingBenchmark.memoryMb("VmHWM");
  }
}
