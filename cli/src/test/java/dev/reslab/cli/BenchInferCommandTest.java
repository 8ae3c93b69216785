package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code reslab bench infer} in this JVM: what it reports per precision, and its one-line errors.
 */
class BenchInferCommandTest {

  @Test
  void reportsImagesPerSecondLatencyAndWhatRanInBfloat16() {
    CliRun run =
        CliRun.of(
            "bench",
            "infer",
            "--in-this-jvm",
            "--preset",
            "resnet20",
            "--batch-size",
            "8",
            "--rounds",
            "2",
            "--batches",
            "2",
            "--warmup-batches",
            "1",
            "--precision",
            "fp32,bf16");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out()
            .contains(
                "40.6 M multiply-accumulates per 32x32 image), batch 8, 2 rounds of 2 batches"),
        run.out());
    assertTrue(
        Pattern.compile("machine: .*AVX2 (yes|no), AVX-512 (yes|no)").matcher(run.out()).find(),
        run.out());
    Matcher fp32 =
        Pattern.compile("fp32 +([0-9.]+) images/s .* (\\d+) of (\\d+) executed ops in bfloat16")
            .matcher(run.out());
    assertTrue(fp32.find(), run.out());
    assertTrue(Double.parseDouble(fp32.group(1)) > 0);
    assertEquals("0", fp32.group(2), "no bfloat16 in fp32");
    SessionOptions bf16Options = SessionOptions.of(Precision.BF16, 0);
    if (bf16Options.precision() == Precision.BF16) {
      Matcher bf16 =
          Pattern.compile(
                  "bf16 +([0-9.]+) images/s \\(([0-9.]+)x\\).* (\\d+) of (\\d+) executed ops")
              .matcher(run.out());
      assertTrue(bf16.find(), run.out());
      assertTrue(
          Integer.parseInt(bf16.group(3)) > 0, "the rewrite made bfloat16 ops: " + run.out());
    } else {
      assertTrue(run.err().contains(bf16Options.fallback().orElseThrow()), run.err());
    }
    assertTrue(run.out().contains("peak RSS: "), run.out());
  }

  /**
   * --against times each precision a second time with a system property set while its graph is
   * built: in bf16, switching off the small-map tiling changes the executed graph.
   */
  @Test
  void againstTimesEachPrecisionWithAndWithoutASwitch() {
    String name = "reslab.bf16.tiledSmallMaps";
    assertNull(System.getProperty(name));
    CliRun run =
        CliRun.of(
            "bench",
            "infer",
            "--in-this-jvm",
            "--width-factor",
            "0.25",
            "--batch-size",
            "16",
            "--rounds",
            "1",
            "--batches",
            "1",
            "--warmup-batches",
            "1",
            "--precision",
            "bf16",
            "--against",
            name + "=false");
    assertEquals(0, run.exitCode(), run.err());
    Matcher plain =
        Pattern.compile("\\n  (fp32|bf16) +[0-9.]+ images/s .* of (\\d+) executed ops")
            .matcher(run.out());
    Matcher with =
        Pattern.compile(
                "\\n  (fp32|bf16) with "
                    + Pattern.quote(name + "=false")
                    + " +[0-9.]+ images/s \\([0-9.]+x\\).* of (\\d+) executed ops")
            .matcher(run.out());
    assertTrue(plain.find(), run.out());
    assertTrue(with.find(), run.out());
    if (plain.group(1).equals("bf16")) {
      assertNotEquals(plain.group(2), with.group(2), "the switch changed the graph: " + run.out());
    }
    assertNull(System.getProperty(name), "the property is cleared again");

    CliRun bad = CliRun.of("bench", "infer", "--in-this-jvm", "--against", "reslab.x");
    assertEquals(2, bad.exitCode());
    assertTrue(
        bad.err().contains("reslab bench infer: --against takes NAME=VALUE, got reslab.x"),
        bad.err());
  }

  @Test
  void anUnknownPrecisionIsOneLine() {
    CliRun run = CliRun.of("bench", "infer", "--in-this-jvm", "--precision", "fp16");
    assertEquals(2, run.exitCode());
    assertEquals(
        "reslab bench infer: unknown precision 'fp16'; expected fp32 or bf16", run.err().strip());
  }
}
