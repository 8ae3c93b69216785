package dev.reslab.cli;

import dev.reslab.analysis.runs.InferenceBenchmark;
import dev.reslab.analysis.runs.PropertySwitch;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.Stem;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab bench infer}: images/s and batch latency of the inference graph, per precision. */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Measure inference speed (images/s, batch latency) and peak memory of a model on random images.",
      "Several precisions are timed in alternating rounds in one process, so their ratio holds on a busy machine.",
      "Default: full ResNet-18 (cifar stem, 32x32), batch 128, fp32 and bf16."
    })
final class BenchInferCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Option(
      names = "--precision",
      paramLabel = "P,P",
      split = ",",
      defaultValue = "fp32,bf16",
      description = "precisions to compare: fp32, bf16 (default: ${DEFAULT-VALUE})")
  List<String> precisions;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description =
          "image height and width (default: 32 for the cifar stem, 224 for the imagenet stem)")
  Integer imageSize;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "5",
      description = "alternating rounds (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--batches",
      defaultValue = "10",
      description = "batches per precision and round (default: ${DEFAULT-VALUE})")
  int batches;

  @Option(
      names = "--warmup-batches",
      paramLabel = "N",
      description = "untimed batches per precision (default: ${DEFAULT-VALUE})")
  int warmup = 3;

  @Option(names = "--warmup", hidden = true)
  void oldWarmup(int batchCount) {
    OldSpelling.used("--warmup", "--warmup-batches"); // train's --warmup counts epochs
    warmup = batchCount;
  }

  @Option(names = "--profile", description = "also print the time per op type of one traced batch")
  boolean profile;

  @Mixin AgainstOption againstOption;

  @Mixin MeasuringJvmOptions jvm;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PropertySwitch against = againstOption.value();
    List<Precision> wanted =
        new ArrayList<>(new LinkedHashSet<>(precisions.stream().map(Precision::parse).toList()));
    Optional<Integer> child = jvm.relaunch();
    if (child.isPresent()) {
      return child.get();
    }
    ResNetConfig config = model.toConfig();
    int size = imageSize != null ? imageSize : config.stem() == Stem.IMAGENET ? 224 : 32;
    PrintWriter out = spec.commandLine().getOut();
    List<Precision> runnable = new ArrayList<>();
    for (Precision p : wanted) {
      SessionOptions options = SessionOptions.of(p, 0, config);
      PrecisionOption.noteFallback(options, spec.commandLine().getErr());
      if (!runnable.contains(options.precision())) {
        runnable.add(options.precision());
      }
    }
    long macs = ModelSummary.of(config, size).multiplyAccumulates();
    out.printf(
        Locale.ROOT,
        "inference of %s (%s stem, width %s, %,.1f M multiply-accumulates per %dx%d image), "
            + "batch %d, %d rounds of %d batches%n",
        model.preset,
        config.stem(),
        config.widthFactor(),
        macs / 1e6,
        size,
        size,
        batchSize,
        rounds,
        batches);
    out.println(
        "  machine: "
            + SessionOptions.of(Precision.FP32, 0).describe().replace("; precision fp32", ""));
    out.flush();
    List<InferenceBenchmark.Result> results =
        InferenceBenchmark.run(
            config,
            runnable,
            new InferenceBenchmark.Settings(batchSize, size, rounds, batches, warmup),
            against);
    double base = results.get(0).imagesPerSecond();
    for (InferenceBenchmark.Result r : results) {
      out.printf(
          Locale.ROOT,
          "  %-5s %7.1f images/s%s  batch median %.1f ms, p90 %.1f ms; rounds %s; %d of %d "
              + "executed ops in bfloat16%n",
          r.options().precision() + (r.against() == null ? "" : " with " + r.against()),
          r.imagesPerSecond(),
          r == results.get(0)
              ? "        "
              : String.format(Locale.ROOT, " (%.2fx)", r.imagesPerSecond() / base),
          r.medianLatencyMs(),
          r.p90LatencyMs(),
          rounds(r.roundImagesPerSecond()),
          r.profile().bfloat16Ops(),
          r.profile().executedOps());
      if (profile) {
        r.profile().top(12).forEach(line -> out.println("      " + line));
      }
    }
    out.printf(
        Locale.ROOT,
        "  peak RSS: %.0f MiB (all precisions in one process); load average %.2f on %d cores%n",
        InferenceBenchmark.peakRssMb(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    out.flush();
    return 0;
  }

  private static String rounds(double[] perRound) {
    StringBuilder b = new StringBuilder();
    for (double v : perRound) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", v));
    }
    return b.toString();
  }
}
