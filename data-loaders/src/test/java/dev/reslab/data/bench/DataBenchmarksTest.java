package dev.reslab.data.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Opt-in: {@code mvn -B -o test -pl data-loaders -Dgroups=benchmark}. Prints images/s per case. */
@Tag("benchmark")
class DataBenchmarksTest {
  @Test
  void throughputOnTheSharedData() {
    String root = System.getProperty("reslab.data");
    assumeTrue(root != null && Files.isDirectory(Path.of(root)), "no shared data");
    if (System.getProperty("reslab.cache") == null) {
      System.setProperty(
          "reslab.cache", Path.of("target", "reslab-cache").toAbsolutePath().toString());
    }
    List<PipelineBenchmark.Result> results =
        DataBenchmarks.run(
            Path.of(root),
            DataBenchmarks.CASES,
            128,
            Duration.ofSeconds(Long.getLong("bench.seconds", 10)),
            System.out::println);
    assertTrue(results.stream().allMatch(r -> r.images() > 0));
  }
}
