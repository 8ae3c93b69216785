package dev.reslab.cli;

import dev.reslab.analysis.runs.PropertySwitch;
import dev.reslab.analysis.runs.TrainingBenchmark;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.data.DatasetInfo;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingListener;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab bench train}: training images/s and memory of the engine on a real pipeline. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Measure training speed (images/s) and resident memory of a model on a real data pipeline.",
      "RSS is sampled at two steps: it must not grow between them. Default: full ResNet-18 (cifar stem) on",
      "CIFAR-10 binary batches with augmentation, batch 128, RSS after 200 and 2,000 steps. It runs in a child",
      "JVM with a fixed, pre-touched heap (--heap), so that RSS growth is native memory."
    })
final class BenchTrainCommand implements Callable<Integer> {

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      defaultValue = "cifar10",
      description = "data set (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "data folder (default: found under $RESLAB_DATA)")
  Path data;

  @Mixin ModelOptions model;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--steps",
      defaultValue = "2000",
      description = "total steps (default: ${DEFAULT-VALUE})")
  long steps;

  @Option(
      names = "--warmup-steps",
      paramLabel = "N",
      description = "untimed first steps (default: ${DEFAULT-VALUE})")
  long warmup = 20;

  @Option(names = "--warmup", hidden = true)
  void oldWarmup(long stepCount) {
    OldSpelling.used("--warmup", "--warmup-steps"); // train's --warmup counts epochs
    warmup = stepCount;
  }

  @Option(
      names = "--sample",
      split = ",",
      defaultValue = "200,2000",
      description = "steps at which RSS is read (default: ${DEFAULT-VALUE})")
  List<Long> sample;

  @Option(
      names = "--bare",
      description = {
        "also time the same network's step written directly in TensorFlow ops (no pipeline, layers,",
        "metrics or checkpoints), alternating with the engine for --rounds rounds of --steps steps, and",
        "print engine / bare; RSS is not sampled"
      })
  boolean bare;

  @Mixin AgainstOption againstOption;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "3",
      description = "alternating rounds with --bare (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--profile",
      description = {
        "also print the time per op type of one traced training step after the warm-up (and of the",
        "bare graph's step with --bare)"
      })
  boolean profile;

  @Mixin MeasuringJvmOptions jvm;

  @Option(
      names = "--precision",
      paramLabel = "P,P",
      split = ",",
      defaultValue = "fp32",
      description = {
        "fp32 or bf16 (see train --help); with --bare several, e.g. fp32,bf16, compared in the same",
        "rounds (default: ${DEFAULT-VALUE})"
      })
  List<String> precisions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PropertySwitch against = againstOption.value();
    Optional<Integer> child = jvm.relaunch();
    if (child.isPresent()) {
      return child.get();
    }
    DataSpec spec = DataSpec.of(dataset, DataOptions.locate(dataset, data));
    DatasetInfo info = spec.open("train").info();
    ResNetConfig config = model.toConfig();
    if (!model.headGiven()) {
      config = TrainingJob.fitHead(config, info);
    }
    PrintWriter out = this.spec.commandLine().getOut();
    if (bare || against != null) {
      return compareWithBare(config, spec, info.height(), against, out);
    }
    if (profile) {
      print(
          "engine",
          TrainingBenchmark.profile(config, spec, batchSize, onePrecision(), warmup + 1),
          out);
    }
    ProgressListener bar = new ProgressListener(out);
    bar.epochStarted(1, 1, steps);
    TrainingBenchmark.Result r;
    try {
      r =
          TrainingBenchmark.run(
              config, spec, batchSize, onePrecision(), steps, warmup, sample, bar);
    } finally {
      bar.validationStarted(1);
    }
    int size = info.height();
    long macs = ModelSummary.of(config, size).multiplyAccumulates();
    // A training step costs about three forward passes (forward, gradient w.r.t. inputs, gradient
    // w.r.t. weights).
    double gflops = r.imagesPerSecondWithinEpochs() * 3 * 2 * macs / 1e9;
    out.printf(
        Locale.ROOT,
        "%s (%s stem, width %s, %,.1f M multiply-accumulates per %dx%d image) on %s, batch %d, "
            + "%d steps timed:%n",
        model.preset,
        config.stem(),
        config.widthFactor(),
        macs / 1e6,
        size,
        size,
        dataset,
        batchSize,
        r.steps());
    out.println("  machine: " + SessionOptions.of(onePrecision(), 0, config).describe());
    out.printf(
        Locale.ROOT,
        "  within epochs: %.1f images/s (about %.0f GFLOP/s of convolution arithmetic)%n",
        r.imagesPerSecondWithinEpochs(),
        gflops);
    out.printf(
        Locale.ROOT,
        "  wall time, with %d epoch ends (checkpoint, metrics, pipeline restart): %.1f images/s%n",
        r.epochEnds(),
        r.imagesPerSecond());
    for (Map.Entry<Long, Double> e : r.rssAtStepMb().entrySet()) {
      out.printf(Locale.ROOT, "  RSS after %,d steps: %.0f MiB%n", e.getKey(), e.getValue());
    }
    out.printf(
        Locale.ROOT,
        "  peak RSS: %.0f MiB; load average %.2f on %d cores%n",
        r.peakRssMb(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    out.flush();
    return 0;
  }

  /**
   * Engine and bare graph, for each precision asked, in alternating rounds in this one process, so
   * all see the same machine load; ratios of the medians are the engine's cost and bf16's gain.
   */
  private int compareWithBare(
      ResNetConfig config, DataSpec data, int size, PropertySwitch against, PrintWriter out)
      throws Exception {
    if (rounds < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rounds must be at least 1, got " + rounds);
    }
    long stepCount = spec.commandLine().getParseResult().hasMatchedOption("--steps") ? steps : 60;
    String other = against == null ? "bare graph" : "with " + against;
    String otherShort = against == null ? "bare" : "with";
    List<Precision> runnable = new ArrayList<>();
    for (Precision p : new LinkedHashSet<>(precisions.stream().map(Precision::parse).toList())) {
      SessionOptions options = SessionOptions.of(p, 0, config);
      PrecisionOption.noteFallback(options, spec.commandLine().getErr());
      if (!runnable.contains(options.precision())) {
        runnable.add(options.precision());
      }
    }
    out.println(
        "machine: "
            + SessionOptions.of(Precision.FP32, 0).describe().replace("; precision fp32", ""));
    out.printf(
        Locale.ROOT,
        "%s (%s stem, width %s) on %s, batch %d, %d rounds of %d steps (%d untimed):%n",
        model.preset,
        config.stem(),
        config.widthFactor(),
        dataset,
        batchSize,
        rounds,
        stepCount,
        warmup);
    Map<Precision, List<Double>> engine = new LinkedHashMap<>();
    Map<Precision, List<Double>> bareGraph = new LinkedHashMap<>();
    TrainingListener quiet = new TrainingListener() {};
    for (int round = 1; round <= rounds; round++) {
      for (Precision p : runnable) {
        TrainingBenchmark.Result r =
            TrainingBenchmark.run(config, data, batchSize, p, stepCount, warmup, List.of(), quiet);
        double e = r.imagesPerSecondWithinEpochs();
        double b =
            against == null
                ? TrainingBenchmark.bareImagesPerSecond(
                    config, size, batchSize, p, stepCount, warmup, quiet)
                : against.whileSet(
                    () ->
                        TrainingBenchmark.run(
                                config, data, batchSize, p, stepCount, warmup, List.of(), quiet)
                            .imagesPerSecondWithinEpochs());
        engine.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        bareGraph.computeIfAbsent(p, k -> new ArrayList<>()).add(b);
        out.printf(
            Locale.ROOT,
            "  round %d, %s: engine %.1f images/s, %s %.1f images/s (load %.2f)%n",
            round,
            p,
            e,
            other,
            b,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
      }
    }
    for (Precision p : runnable) {
      double e = median(engine.get(p));
      double b = median(bareGraph.get(p));
      out.printf(
          Locale.ROOT,
          "  median %s: engine %.1f, %s %.1f images/s; engine / %s = %.3f%n",
          p,
          e,
          other,
          b,
          otherShort,
          e / b);
    }
    if (runnable.size() > 1) {
      Precision first = runnable.get(0);
      for (Precision p : runnable.subList(1, runnable.size())) {
        out.printf(
            Locale.ROOT,
            "  %s / %s: engine %.2f, %s %.2f%n",
            p,
            first,
            median(engine.get(p)) / median(engine.get(first)),
            other,
            median(bareGraph.get(p)) / median(bareGraph.get(first)));
      }
    }
    if (profile) {
      for (Precision p : runnable) {
        print(
            "engine, " + p, TrainingBenchmark.profile(config, data, batchSize, p, warmup + 1), out);
        if (against == null) {
          print(
              "bare graph, " + p,
              TrainingBenchmark.profileBare(config, size, batchSize, p, warmup + 1),
              out);
        }
      }
    }
    out.flush();
    return 0;
  }

  private Precision onePrecision() {
    if (precisions.size() != 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--precision takes one value unless --bare compares several");
    }
    return Precision.parse(precisions.get(0));
  }

  private static void print(String what, StepProfile p, PrintWriter out) {
    long total = p.microsByOpType().values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        Locale.ROOT,
        "  %s: one traced step, %d ops executed (%d in bfloat16), %.1f ms of op time:%n",
        what,
        p.executedOps(),
        p.bfloat16Ops(),
        total / 1000.0);
    p.top(15).forEach(line -> out.println("      " + line));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
