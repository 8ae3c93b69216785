package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.data.DataException;
import dev.reslab.data.bench.DataBenchmarks;
import dev.reslab.data.bench.PipelineBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab bench data}: images/s of the data pipelines alone. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
      "Measure how many images per second the data pipelines deliver (no model).",
      "Cases: CIFAR-10 binary with augmentation, the CIFAR-10 JPEG folder with augmentation, ImageNet 224 "
          + "evaluation preprocessing, synthetic."
    })
final class BenchDataCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:RESLAB_DATA}",
      description =
          "data folder laid out like the shared data: cifar10/, imagenet/sample-v2-layout (default: "
              + "$RESLAB_DATA)")
  Path data;

  @Option(
      names = "--cases",
      split = ",",
      paramLabel = "CASE",
      description = "which benchmarks (default: all): ${COMPLETION-CANDIDATES}",
      completionCandidates = Cases.class)
  List<String> cases;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "timed seconds per case (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      description = "examples per batch (default: ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--batch", hidden = true)
  void oldBatch(int size) {
    OldSpelling.used("--batch", "--batch-size");
    batch = size;
  }

  @Option(names = "--json", description = "print JSON instead of lines")
  boolean json;

  @Spec CommandSpec spec;

  static final class Cases extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Cases() {
      super(DataBenchmarks.CASES);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (data == null || !Files.isDirectory(data)) {
      throw new DataException(
          "no data folder: pass --data DIR or set RESLAB_DATA"
              + (data == null ? "" : " (" + data + " does not exist)"));
    }
    if (seconds < 1 || batch < 1) {
      throw new IllegalArgumentException("--seconds and --batch must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<PipelineBenchmark.Result> results =
        DataBenchmarks.run(
            data,
            cases == null ? DataBenchmarks.CASES : cases,
            batch,
            Duration.ofSeconds(seconds),
            line -> {
              if (!json) {
                out.println(line);
                out.flush();
              }
            });
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PipelineBenchmark.Result r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", r.name());
        m.put("imagesPerSecond", Math.round(r.imagesPerSecond()));
        m.put("imagesPerSecondWithinEpochs", Math.round(r.steadyImagesPerSecond()));
        m.put("epochStarts", r.epochs());
        m.put("epochStartSeconds", r.startSeconds());
        m.put("images", r.images());
        m.put("seconds", r.seconds());
        m.put("loadBefore", r.loadBefore());
        m.put("loadAfter", r.loadAfter());
        m.put("processors", r.processors());
        rows.add(m);
      }
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    }
    out.flush();
    return 0;
  }
}
