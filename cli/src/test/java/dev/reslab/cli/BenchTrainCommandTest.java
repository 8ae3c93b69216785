package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code reslab bench train} in this JVM on synthetic data: what it reports, and its one-line
 * errors.
 */
class BenchTrainCommandTest {

  @Test
  void reportsThroughputComputeAndResidentMemory() {
    CliRun run =
        CliRun.of(
            "bench",
            "train",
            "--in-this-jvm",
            "--dataset",
            "synthetic",
            "--preset",
            "resnet20",
            "--batch-size",
            "16",
            "--steps",
            "12",
            "--warmup-steps",
            "2",
            "--sample",
            "4,12");
    assertEquals(0, run.exitCode(), run.err());
    // ResNet-20 on 32x32: 40,551,040 multiply-accumulates (counted by hand in
    // ResNetParameterCountTest).
    assertTrue(run.out().contains("40.6 M multiply-accumulates per 32x32 image"), run.out());
    assertTrue(run.out().contains("10 steps timed"), run.out());
    Matcher within =
        Pattern.compile("within epochs: ([0-9.]+) images/s \\(about (\\d+) GFLOP/s")
            .matcher(run.out());
    assertTrue(within.find(), run.out());
    double imagesPerSecond = Double.parseDouble(within.group(1));
    assertTrue(imagesPerSecond > 0, run.out());
    // GFLOP/s = images/s x 3 passes x 2 FLOP per multiply-accumulate x 40.55M, rounded.
    assertEquals(
        Math.round(imagesPerSecond * 6 * 40_551_040 / 1e9),
        Long.parseLong(within.group(2)),
        1,
        run.out());
    assertTrue(
        Pattern.compile("machine: .*AVX2 (yes|no), AVX-512 (yes|no)").matcher(run.out()).find()
            && run.out().contains("precision fp32"),
        run.out());
    assertTrue(run.out().contains("RSS after 4 steps: "), run.out());
    assertTrue(run.out().contains("RSS after 12 steps: "), run.out());
  }

  @Test
  void bareComparesEngineAndBareGraphPerPrecisionAndProfilesBoth() {
    CliRun run =
        twoRoundsOfATinyModel("--bare", "--profile", "--steps", "4", "--precision", "fp32,bf16");
    assertEquals(0, run.exitCode(), run.err());
    boolean bf16 = SessionOptions.of(Precision.BF16, 0).precision() == Precision.BF16;
    int precisions = bf16 ? 2 : 1;
    assertEquals(
        2 * precisions,
        Pattern.compile("round \\d, (fp32|bf16): engine [0-9.]+ images/s, bare graph [0-9.]+")
            .matcher(run.out())
            .results()
            .count(),
        run.out());
    assertMedianRatio(run.out(), "bare graph", "bare");
    assertEquals(bf16, run.out().contains("bf16 / fp32: engine "), run.out());
    // Both steps were traced: the convolutions' time is listed for engine and bare graph.
    assertEquals(
        2 * precisions,
        Pattern.compile("(engine|bare graph), (fp32|bf16): one traced step")
            .matcher(run.out())
            .results()
            .count(),
        run.out());
    assertTrue(run.out().contains("Conv2DBackpropFilter"), run.out());
  }

  /** --against times the engine with a system property set, and leaves the property as it was. */
  @Test
  void againstComparesTheEngineWithAndWithoutASwitch() {
    String name = "reslab.bf16.smallMapKernelGradients";
    assertNull(System.getProperty(name));
    CliRun run = twoRoundsOfATinyModel("--against", name + "=false", "--steps", "3");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        2,
        Pattern.compile(
                "round \\d, fp32: engine [0-9.]+ images/s, with "
                    + Pattern.quote(name + "=false")
                    + " [0-9.]+ images/s")
            .matcher(run.out())
            .results()
            .count(),
        run.out());
    assertMedianRatio(run.out(), "with " + name + "=false", "with");
    assertNull(System.getProperty(name), "the property is cleared again");

    CliRun bad = CliRun.of("bench", "train", "--in-this-jvm", "--against", "reslab.x");
    assertEquals(2, bad.exitCode());
    assertTrue(
        bad.err().contains("reslab bench train: --against takes NAME=VALUE, got reslab.x"),
        bad.err());
  }

  /** The fp32 median line is printed, and its ratio is engine / {@code other}. */
  private static void assertMedianRatio(String out, String other, String otherShort) {
    Matcher ratio =
        Pattern.compile(
                "median fp32: engine ([0-9.]+), "
                    + Pattern.quote(other)
                    + " ([0-9.]+) images/s; engine / "
                    + otherShort
                    + " = ([0-9.]+)")
            .matcher(out);
    assertTrue(ratio.find(), out);
    double engine = Double.parseDouble(ratio.group(1));
    double otherSpeed = Double.parseDouble(ratio.group(2));
    // images/s are printed to 0.1 and the ratio to 0.001: allow exactly that rounding (a slow,
    // tiny run printed 6.2 images/s, where 0.05 is almost 1 %)
    double rounding = engine / otherSpeed * (0.05 / engine + 0.05 / otherSpeed) + 0.0005;
    assertEquals(engine / otherSpeed, Double.parseDouble(ratio.group(3)), rounding);
  }

  /** {@code bench train} in this JVM: 2 rounds of a one-block-per-stage ResNet-20, batch 8. */
  private static CliRun twoRoundsOfATinyModel(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "train",
                "--in-this-jvm",
                "--dataset",
                "synthetic",
                "--preset",
                "resnet20",
                "--depths",
                "1,1,1",
                "--batch-size",
                "8",
                "--warmup-steps",
                "1",
                "--rounds",
                "2"));
    args.addAll(List.of(options));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void severalPrecisionsNeedBare() {
    CliRun run =
        CliRun.of(
            "bench",
            "train",
            "--in-this-jvm",
            "--dataset",
            "synthetic",
            "--precision",
            "fp32,bf16");
    assertEquals(2, run.exitCode());
    assertTrue(
        run.err()
            .contains(
                "reslab bench train: --precision takes one value unless --bare compares several"),
        run.err());
  }

  @Test
  void badSettingsGiveOneLineErrors() {
    CliRun heap = CliRun.of("bench", "train", "--heap", "lots");
    assertEquals(2, heap.exitCode());
    assertEquals(
        "reslab bench train: --heap must be a JVM memory size such as 512m or 2g, got 'lots'",
        heap.err().strip());
    CliRun steps =
        CliRun.of(
            "bench",
            "train",
            "--in-this-jvm",
            "--dataset",
            "synthetic",
            "--steps",
            "5",
            "--warmup",
            "10");
    assertEquals(2, steps.exitCode());
    assertEquals(
        "reslab bench train: the steps (5) must exceed the warm-up steps (10), and at least one step must be "
            + "warm-up",
        steps.err().strip());
  }
}
