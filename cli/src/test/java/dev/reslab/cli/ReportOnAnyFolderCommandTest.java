package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The most common report: a pretrained model imported, its per-class, robustness and Grad-CAM
 * results written to folders of their own, and one report on all four. Also the one-line refusal of
 * a folder that holds nothing.
 */
class ReportOnAnyFolderCommandTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));

  @TempDir Path tmp;

  @Test
  void importedResNet20WithAnalysesMadeElsewhere() throws Exception {
    Path weights = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    Path cifar = DATA.resolve("cifar10");
    Assumptions.assumeTrue(
        Files.isRegularFile(weights) && Files.isDirectory(cifar), "shared data not found");
    Path run = tmp.resolve("runs/r20");
    assertEquals(
        0, CliRun.of("import", "--torch", weights.toString(), "--out", run.toString()).exitCode());
    Path pc = tmp.resolve("out/pc");
    CliRun perClass =
        CliRun.of(
            "per-class",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--out",
            pc.toString());
    assertEquals(0, perClass.exitCode(), perClass.err());
    Path rob = tmp.resolve("out/rob");
    CliRun robustness =
        CliRun.of(
            "robustness",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--limit",
            "128",
            "--corruptions",
            "gaussian_noise",
            "--sigma",
            "0.05",
            "--out",
            rob.toString());
    assertEquals(0, robustness.exitCode(), robustness.err());
    Path cam = tmp.resolve("out/cam");
    CliRun gradcam =
        CliRun.of(
            "gradcam",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--indices",
            "0,1",
            "--layers",
            "layer2,layer3",
            "--deletion-steps",
            "2",
            "--out",
            cam.toString());
    assertEquals(0, gradcam.exitCode(), gradcam.err());

    Path out = tmp.resolve("report");
    CliRun report =
        CliRun.withStderr(
            "report",
            run.toString(),
            pc.toString(),
            rob.toString(),
            cam.toString(),
            "--out",
            out.toString());
    assertEquals(0, report.exitCode(), report.err());
    // a counted step per input and one for writing, on stderr
    assertTrue(report.err().matches("(?s).*report +100% .* 5/5 .*done.*"), report.err());
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("91.63 %"), "the per-class accuracy of the published weights");
    assertTrue(html.contains("imported weights, not trained here"));
    assertFalse(html.contains("Metrics per epoch"), "no training section for an imported run");
    assertTrue(html.contains("gaussian_noise"), "the robustness table");
    int images = html.split("<img ", -1).length - 1;
    long grids = Files.walk(cam).filter(p -> p.toString().endsWith(".png")).count();
    assertTrue(
        grids >= 2 && images >= grids + 2,
        images + " images in the report, " + grids + " Grad-CAM files");
    // each folder says it was computed from this run's only checkpoint
    String md = Files.readString(out.resolve("report.md"));
    assertEquals(
        3, md.split("Computed from run `" + run + "` of this report, epoch 0.", -1).length - 1, md);
    assertTrue(md.contains("### Analyses of this run"), md);
    System.out.println(
        "report on an imported ResNet-20 with three analysis folders: "
            + out.resolve("report.html"));
  }

  @Test
  void aFolderWithoutResultsIsRefusedInOneLine() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    // two inputs: the check comes before the progress bar, which would print a line of its own
    CliRun r =
        CliRun.withStderr(
            "report", other.toString(), empty.toString(), "--out", tmp.resolve("r").toString());
    assertEquals(2, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("neither a run directory"), r.err());
  }
}
