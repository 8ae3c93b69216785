package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.analysis.runs.EvaluationResult;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.data.DataSpec;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.run.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the shared real data: PyTorch weights imported, evaluated, exported and the export evaluated
 * again (published 91.63 % = 854/932 on the exact CIFAR-10 test images), and a Keras SavedModel
 * evaluated.
 */
class InteropCommandTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));

  private static final Path RESNET20 = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
  private static final Path CIFAR10 = DATA.resolve("cifar10");

  @TempDir Path tmp;

  private static void assumeSharedData() {
    Assumptions.assumeTrue(
        Files.isRegularFile(RESNET20) && Files.isDirectory(CIFAR10), "shared data not found");
  }

  private double accuracy(Path json) throws Exception {
    return new ObjectMapper().readTree(json.toFile()).get("accuracy").asDouble();
  }

  /**
   * {@code reslab eval} of {@code model} on the CIFAR-10 test images, metrics into {@code json}.
   */
  private static CliRun evalOnCifar(Path model, Path cifar, Path json) {
    return CliRun.of(
        "eval",
        "--model",
        model.toString(),
        "--dataset",
        "cifar10",
        "--data",
        cifar.toString(),
        "--json-file",
        json.toString());
  }

  @Test
  void importedResNet20ScoresThePublishedAccuracyBeforeAndAfterExport() throws Exception {
    Path weights = RESNET20;
    Path cifar = CIFAR10;
    assumeSharedData();
    Path run = tmp.resolve("r20");
    CliRun imported =
        CliRun.withStderr(
            "import",
            "--torch",
            weights.toString(),
            "--preset",
            "resnet20",
            "--out",
            run.toString());
    assertEquals(0, imported.exitCode(), imported.err());
    // counted steps on stderr; not a terminal here, so the bar's last state as one line
    assertTrue(imported.err().matches("(?s).*import +100% .* 4/4 .*done.*"), imported.err());

    Path json = tmp.resolve("run.json");
    CliRun eval = evalOnCifar(run, cifar, json);
    assertEquals(0, eval.exitCode(), eval.err());
    assertEquals(854.0 / 932, accuracy(json), 1e-9);
    assertTrue(
        eval.out().contains("(epoch 0, fp32)") && eval.out().contains(" images/s"), eval.out());

    // bfloat16 keeps 8 bits of mantissa: the bar is 0.905 of the exact test images (fp32:
    // 0.9163).
    Path bf16Json = tmp.resolve("run-bf16.json");
    CliRun bf16 =
        CliRun.of(
            "eval",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--precision",
            "bf16",
            "--json",
            bf16Json.toString());
    assertEquals(0, bf16.exitCode(), bf16.err());
    SessionOptions bf16Options = SessionOptions.of(Precision.BF16, 0);
    if (bf16Options.precision() == Precision.BF16) {
      assertTrue(bf16.out().contains("(epoch 0, bf16)"), bf16.out());
      assertTrue(accuracy(bf16Json) >= 0.905, "bf16 accuracy " + accuracy(bf16Json));
    } else {
      assertTrue(bf16.err().contains(bf16Options.fallback().orElseThrow()), bf16.err());
      assertEquals(854.0 / 932, accuracy(bf16Json), 1e-9);
    }

    Path export = tmp.resolve("export");
    CliRun exported = CliRun.of("export", "--model", run.toString(), "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.err());
    Path json2 = tmp.resolve("export.json");
    CliRun evalExport = evalOnCifar(export, cifar, json2);
    assertEquals(0, evalExport.exitCode(), evalExport.err());
    assertEquals(
        854.0 / 932, accuracy(json2), 1e-9, "raw pixels in, normalisation inside the export");

    CliRun noData = CliRun.of("eval", "--model", run.toString());
    assertEquals(2, noData.exitCode());
    assertTrue(noData.err().contains("records no training data"), noData.err());
  }

  /**
   * Without --preset the CLI reads the architecture as the library does ({@link
   * RunImport#architectureOf}), and eval gives the numbers the library gives: the run's recorded
   * ImageNet normalisation alone (CIFAR-10's statistics would give loss 0.3875). A file of no
   * preset stops before anything is written, saying what it holds and what was expected.
   */
  @Test
  void importReadsTheArchitectureAsTheLibraryDoesAndEvalGivesTheLibrarysNumbers() throws Exception {
    Path weights = RESNET20;
    Path cifar = CIFAR10;
    assumeSharedData();
    Path run = tmp.resolve("r20");
    assertEquals(
        0, CliRun.of("import", "--torch", weights.toString(), "--out", run.toString()).exitCode());
    assertEquals(
        RunImport.architectureOf(TorchCheckpoint.read(weights)),
        RunDirectory.open(run).readConfig().model());

    Path json = tmp.resolve("eval.json");
    CliRun eval = evalOnCifar(run, cifar, json);
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode written = new ObjectMapper().readTree(json.toFile());
    EvaluationResult library;
    try (InferenceModel m = InferenceModel.load(run)) {
      library = ModelEvaluation.evaluate(m, DataSpec.of("cifar10", cifar), "test");
    }
    assertEquals(854.0 / 932, written.get("accuracy").asDouble(), 1e-12);
    assertEquals(932, written.get("examples").asLong());
    // ModelEvaluationTest checks 0.3831 against a plain-Java cross-entropy of the logits
    assertEquals(0.3831, written.get("loss").asDouble(), 5e-5);
    assertEquals(library.loss(), written.get("loss").asDouble(), 1e-6);

    // ResNet-20's last block of stage 3 renamed into a stage 9 (same length, so the pickle holds)
    byte[] bytes = Files.readAllBytes(weights);
    String latin = new String(bytes, StandardCharsets.ISO_8859_1);
    Path odd = tmp.resolve("odd.th");
    Files.write(odd, latin.replace("layer3.2.", "layer9.2.").getBytes(StandardCharsets.ISO_8859_1));
    Path out = tmp.resolve("odd-run");
    CliRun refused = CliRun.of("import", "--torch", odd.toString(), "--out", out.toString());
    assertEquals(2, refused.exitCode(), refused.err());
    String line = refused.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(
        line.startsWith(
            "reslab import: state dict "
                + odd
                + " matches no ResNet preset: it has blocks per stage [3, 3, 2, 3]"),
        line);
    assertTrue(
        line.contains(
            "; expected blocks per stage and stem channels of a preset: resnet18 [2, 2, 2, 2] from"
                + " 64, resnet20 [3, 3, 3] from 16"),
        line);
    assertTrue(
        line.endsWith(
            "; give its architecture with --preset, --depths and --stage-widths, or --config"),
        line);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void kerasSavedModelIsEvaluatedWithItsPixelScale() throws Exception {
    Path model = DATA.resolve("savedmodels/keras-cifar10-cnn/cifar10_model");
    Assumptions.assumeTrue(Files.isDirectory(model), "shared data not found");
    Path json = tmp.resolve("keras.json");
    CliRun eval =
        CliRun.of(
            "eval",
            "--model",
            model.toString(),
            "--dataset",
            "cifar10",
            "--data",
            DATA.resolve("cifar10").toString(),
            "--pixel-scale",
            "1/255",
            "--json-file",
            json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    // Measured 545/932; RGB order and /255 scaling matter (BGR gives 340).
    assertEquals(545.0 / 932, accuracy(json), 1e-9);
  }

  @Test
  void kerasSavedModelIsAnalysedOnADataSet() throws Exception {
    Path model = DATA.resolve("savedmodels/keras-cifar10-cnn/cifar10_model");
    Path cifar = DATA.resolve("cifar10");
    Assumptions.assumeTrue(Files.isDirectory(model), "shared data not found");
    String[] on = {
      "--model",
      model.toString(),
      "--dataset",
      "cifar10",
      "--data",
      cifar.toString(),
      "--pixel-scale",
      "1/255"
    };
    // the same 545 of 932 that eval counts through its own pipeline
    Path perClass = tmp.resolve("per-class");
    CliRun pc = CliRun.of(concat("per-class", on, "--out", perClass.toString()));
    assertEquals(0, pc.exitCode(), pc.err());
    assertTrue(pc.out().contains("cifar10/test: 545 of 932 correct (58.48 %)"), pc.out());
    assertEquals(545.0 / 932, accuracy(perClass.resolve("summary.json")), 1e-9);
    Path robustness = tmp.resolve("robustness");
    CliRun rob =
        CliRun.of(concat("robustness", on, "--severities", "1", "--out", robustness.toString()));
    assertEquals(0, rob.exitCode(), rob.err());
    assertTrue(
        Files.readString(robustness.resolve("robustness.csv")).contains(",545,932,"),
        Files.readString(robustness.resolve("robustness.csv")));
    assertTrue(
        new ObjectMapper()
            .readTree(robustness.resolve("analysis.json").toFile())
            .toString()
            .contains("savedmodel"),
        "the record names the SavedModel");
    // explanations pick the data set's images by position
    CliRun occlusion =
        CliRun.of(
            concat("occlusion", on, "--indices", "0", "--out", tmp.resolve("occ").toString()));
    assertEquals(0, occlusion.exitCode(), occlusion.err());
    assertTrue(occlusion.out().contains("0000-cat: target cat (3)"), occlusion.out());

    Path imagenet = DATA.resolve("imagenet/sample-v2-layout");
    Assumptions.assumeTrue(Files.isDirectory(imagenet), "shared ImageNet sample not found");
    CliRun wrongSize =
        CliRun.of(
            "per-class",
            "--model",
            model.toString(),
            "--dataset",
            "imagenet-v2",
            "--data",
            imagenet.toString(),
            "--out",
            tmp.resolve("no").toString());
    assertEquals(2, wrongSize.exitCode());
    assertEquals(
        "reslab per-class: " + model + " takes 32×32 images but imagenet-v2 gives 224×224",
        wrongSize.err().strip());
  }

  private static String[] concat(String command, String[] on, String... more) {
    String[] all = new String[1 + on.length + more.length];
    all[0] = command;
    System.arraycopy(on, 0, all, 1, on.length);
    System.arraycopy(more, 0, all, 1 + on.length, more.length);
    return all;
  }
}
