package dev.reslab.data.bench;

import dev.reslab.data.DataException;
import dev.reslab.data.Datasets;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The standard data benchmarks over a data folder laid out like the shared data ({@code cifar10/…},
 * {@code imagenet/sample-v2-layout}): CIFAR binary with augmentation, the CIFAR JPEG folder,
 * ImageNet 224 evaluation preprocessing, and synthetic data. Cases whose data is missing are
 * skipped.
 */
public final class DataBenchmarks {
  /** Case names, in running order. */
  public static final List<String> CASES =
      List.of(
          "cifar10-bin-augment", "cifar10-jpeg-augment", "imagenet-224-eval", "synthetic-augment");

  private DataBenchmarks() {}

  /** Runs the chosen {@code cases}, reporting each result to {@code out} as it finishes. */
  public static List<PipelineBenchmark.Result> run(
      Path data, List<String> cases, int batchSize, Duration duration, Consumer<String> out) {
    for (String c : cases) {
      if (!CASES.contains(c)) {
        throw new DataException(
            "unknown benchmark case '" + c + "'; expected one of " + String.join(", ", CASES));
      }
    }
    List<PipelineBenchmark.Result> results = new ArrayList<>();
    PipelineOptions train = PipelineOptions.training(batchSize, 1);
    PipelineOptions eval = PipelineOptions.evaluation(batchSize);
    for (String c : cases) {
      ImageDataset ds;
      PipelineOptions opts;
      switch (c) {
        case "cifar10-bin-augment" -> {
          Path dir = data.resolve("cifar10");
          if (!Files.isDirectory(dir.resolve("cifar-10-batches-bin"))) {
            out.accept("skipped " + c + ": no " + dir.resolve("cifar-10-batches-bin"));
            continue;
          }
          ds = Datasets.open("cifar10", dir, Split.TRAIN);
          opts = train;
        }
        case "cifar10-jpeg-augment" -> {
          Path dir = data.resolve("cifar10/jpeg");
          if (!Files.isDirectory(dir)) {
            out.accept("skipped " + c + ": no " + dir);
            continue;
          }
          ds = Datasets.open("cifar10-jpeg", dir, Split.TRAIN);
          opts = train;
        }
        case "imagenet-224-eval" -> {
          Path dir = data.resolve("imagenet/sample-v2-layout");
          if (!Files.isDirectory(dir)) {
            out.accept("skipped " + c + ": no " + dir);
            continue;
          }
          ds = Datasets.open("imagenet-v2", dir, Split.TEST);
          opts = PipelineOptions.evaluation(Math.min(batchSize, 50));
        }
        case "synthetic-augment" -> {
          ds = Datasets.open("synthetic", null, Split.TRAIN);
          opts = train;
        }
        default ->
            throw new DataException(
                "unknown benchmark case '" + c + "'; expected one of " + String.join(", ", CASES));
      }
      PipelineBenchmark.Result r = PipelineBenchmark.run(c, ds, opts, duration, 5);
      out.accept(r.toString());
      results.add(r);
    }
    return results;
  }
}
