package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.model.resnet.ResNetPreset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis commands on the imported pretrained ResNet-20 and the exact CIFAR-10 test images.
 */
@Tag("integration")
class AnalysisCommandsIntegrationTest {

  @TempDir static Path tmp;

  static Path run;
  static Path cifar;

  @BeforeAll
  static void importResNet20() {
    Path root = Path.of(System.getProperty("reslab.data", "../shared/data"));
    Path weights = root.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    cifar = root.resolve("cifar10");
    Assumptions.assumeTrue(
        Files.isRegularFile(weights) && Files.isDirectory(cifar), "no real data under " + root);
    run = tmp.resolve("resnet20");
    RunImport.fromTorch(weights, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, run);
  }

  @Test
  void perClassUsesTheNormalisationTheImportRecorded() throws Exception {
    Path out = tmp.resolve("per-class");
    CliRun r =
        AnalysisCommandsTest.cli(
            "per-class",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("cifar10/test: 854 of 932 correct (91.63 %)"), r.out());
    System.out.print(r.out());
  }

  @Test
  void gradCamAndOcclusionOfCatsDogsAndTrucks() throws Exception {
    Path out = tmp.resolve("explain");
    CliRun g =
        AnalysisCommandsTest.cli(
            "gradcam",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--class-names",
            "cat,dog,truck",
            "--per-class",
            "2",
            "--method",
            "both",
            "--out",
            out.toString());
    assertEquals(0, g.exitCode(), g.err());
    System.out.print(g.out());
    assertTrue(Files.isRegularFile(out.resolve("0000-cat-gradcam.png")));
    assertTrue(Files.isRegularFile(out.resolve("0011-truck-gradcampp.npy")));
    CliRun o =
        AnalysisCommandsTest.cli(
            "occlusion",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--class-names",
            "cat,dog,truck",
            "--per-class",
            "2",
            "--patch",
            "8",
            "--stride",
            "2",
            "--patch-fill",
            "blur",
            "--out",
            out.toString());
    assertEquals(0, o.exitCode(), o.err());
    System.out.print(o.out());
    CliRun rob =
        AnalysisCommandsTest.cli(
            "robustness",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--limit",
            "256",
            "--corruptions",
            "gaussian_noise",
            "--sigma",
            "0.05",
            "--out",
            tmp.resolve("robustness").toString());
    assertEquals(0, rob.exitCode(), rob.err());
    System.out.print(rob.out());
  }
}
