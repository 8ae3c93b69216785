package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.download.WeightsDownloader;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init} on the shared real weights, checked against an {@code import} of the same
 * file (which scores the published accuracy): a frozen backbone stays bit-identical, a head that
 * does not fit stops in one line, the linear head on pretrained features reaches the accuracy good
 * features give; {@code --resume} on an imported run.
 */
class InitTrainingCommandTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));
  private static final Path R20 = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
  private static final Path R18 =
      DATA.resolve("weights/torchvision-resnet18/resnet18-torchvision-seed0.pth");

  @TempDir Path tmp;

  private static void assume(Path... paths) {
    for (Path p : paths) {
      Assumptions.assumeTrue(Files.exists(p), "shared data not found: " + p);
    }
  }

  /**
   * Every variable of {@code reference} has the same floats, bit for bit, in {@code checkpoint}.
   */
  private static void assertSameVariables(
      TfCheckpoint reference, TfCheckpoint checkpoint, String skipPrefix) {
    int compared = 0;
    for (String name : reference.variables().keySet()) {
      if (skipPrefix != null && name.startsWith(skipPrefix)) {
        continue;
      }
      assertTrue(
          checkpoint.variables().containsKey(name), name + " missing from " + checkpoint.prefix());
      assertArrayEquals(
          reference.readFloat(name).values(), checkpoint.readFloat(name).values(), name);
      compared++;
    }
    assertTrue(compared > 10, "compared " + compared + " variables");
  }

  @Test
  void initRecordsItsSourceAndRunsAreSourcesToo() throws Exception {
    assume(R20, DATA.resolve("cifar10"));
    Path imported = tmp.resolve("imported");
    assertEquals(
        0, CliRun.of("import", "--torch", R20.toString(), "--out", imported.toString()).exitCode());
    Path run = tmp.resolve("run");
    String[] small = {
      "--dataset",
      "cifar10",
      "--data",
      DATA.resolve("cifar10").toString(),
      "--freeze",
      "backbone",
      "--epochs",
      "1",
      "--limit-train",
      "64",
      "--val-split",
      "none",
      "--batch-size",
      "64"
    };
    CliRun train =
        CliRun.of(
            concat(
                new String[] {"train", "--init", R20.toString(), "--out", run.toString()}, small));
    assertEquals(0, train.exitCode(), train.err());
    assertFalse(train.err().contains("randomly initialised"), train.err());
    // no holdout: nothing validates on images the weights saw
    assertFalse(train.out().contains("training images:"), train.out());
    JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
    assertEquals(R20.toString(), config.at("/init/source").asText());
    assertEquals(WeightsDownloader.sha256(R20), config.at("/init/sha256").asText());
    assertTrue(train.out().contains("initialised from " + R20), train.out());
    // He et al.'s weights expect ImageNet statistics: the run normalises as they were trained.
    assertEquals(0.485, config.at("/data/normalization/mean/0").asDouble(), 1e-6);
    // A frozen backbone keeps the file's tensors bit for bit.
    assertSameVariables(
        TfCheckpoint.open(imported.resolve("checkpoints/epoch-000")),
        TfCheckpoint.open(run.resolve("checkpoints/epoch-001")),
        "fc/");

    // A run is a source too (its best epoch), with its own normalisation; the report says where
    // weights came from.
    Path second = tmp.resolve("second");
    CliRun again =
        CliRun.of(
            concat(
                new String[] {"train", "--init", run.toString(), "--out", second.toString()},
                small));
    assertEquals(0, again.exitCode(), again.err());
    assertSameVariables(
        TfCheckpoint.open(imported.resolve("checkpoints/epoch-000")),
        TfCheckpoint.open(second.resolve("checkpoints/epoch-001")),
        "fc/");
    assertEquals(
        0,
        CliRun.of("report", second.toString(), "--out", tmp.resolve("report").toString())
            .exitCode());
    assertTrue(
        Files.readString(tmp.resolve("report/report.md"))
            .contains("initialised from `" + run + "`"));

    // --resume of an imported run: one clear line, not a NullPointerException.
    CliRun resume = CliRun.of("train", "--resume", imported.toString());
    assertEquals(2, resume.exitCode());
    assertEquals(1, resume.err().strip().lines().count(), resume.err());
    assertTrue(resume.err().contains("imported weights and no training to resume"), resume.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /**
   * A linear head on the pretrained ResNet-20's frozen features, 1 epoch on 5,000 CIFAR-10 JPEGs,
   * scores at least 85 % on the 932 exact test images (a random backbone gives about 30 %); {@code
   * eval} evaluates all 932 though the run validated on 256 held-out images, and says so.
   */
  @Test
  void linearHeadOnPretrainedResNet20Features() throws Exception {
    Path cifar = DATA.resolve("cifar10");
    assume(R20, cifar.resolve("jpeg/train.tar"));
    Path run = tmp.resolve("linear");
    CliRun train =
        CliRun.of(
            "train",
            "--dataset",
            "cifar10-jpeg",
            "--data",
            cifar.toString(),
            "--init",
            R20.toString(),
            "--reinit",
            "fc",
            "--freeze",
            "backbone",
            "--epochs",
            "1",
            "--limit-train",
            "5000",
            "--limit-val",
            "256",
            "--lr",
            "0.02",
            "--batch-size",
            "64",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
    Path json = tmp.resolve("test.json");
    CliRun eval =
        CliRun.of(
            "eval",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--data",
            cifar.toString(),
            "--split",
            "test",
            "--json-file",
            json.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("evaluated 932 of its 932 images (all)"), eval.out());
    double accuracy = new ObjectMapper().readTree(json.toFile()).get("accuracy").asDouble();
    System.out.printf(
        "linear head on pretrained ResNet-20 features: %.4f on the 932 exact test images%n",
        accuracy);
    assertTrue(accuracy >= 0.85, "accuracy " + accuracy);
  }

  @Test
  void freezingWithoutInitWarnsAndReinitNeedsInit() {
    CliRun r =
        CliRun.of(
            "train",
            "--dataset",
            "synthetic",
            "--width",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--limit-train",
            "32",
            "--limit-val",
            "32",
            "--batch-size",
            "32",
            "--epochs",
            "1",
            "--freeze",
            "backbone",
            "--out",
            tmp.resolve("frozen").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("warning: freezing a randomly initialised backbone"), r.err());
    CliRun reinit =
        CliRun.of(
            "train",
            "--dataset",
            "synthetic",
            "--reinit",
            "fc",
            "--out",
            tmp.resolve("x").toString());
    assertEquals(2, reinit.exitCode());
    assertTrue(reinit.err().contains("--reinit needs --init"), reinit.err());
  }

  @Test
  void celebaFrozenBackboneFromTorchvisionResNet18() throws Exception {
    assume(R18, DATA.resolve("celeba/list_attr_celeba.txt"));
    Path celeba = DATA.resolve("celeba");
    // 1000 ImageNet classes into 40 sigmoid labels: one line naming the tensors and the fix.
    CliRun mismatch =
        CliRun.of(
            "train",
            "--dataset",
            "celeba",
            "--data",
            celeba.toString(),
            "--init",
            R18.toString(),
            "--freeze",
            "backbone",
            "--epochs",
            "1",
            "--limit-train",
            "32",
            "--subset-seed",
            "0",
            "--val-split",
            "none",
            "--out",
            tmp.resolve("no").toString());
    assertEquals(2, mismatch.exitCode());
    assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());
    assertTrue(mismatch.err().contains("fc.weight [1000,512] (model [40,512])"), mismatch.err());
    assertTrue(mismatch.err().contains("--reinit fc"), mismatch.err());

    Path imported = tmp.resolve("imported");
    assertEquals(
        0, CliRun.of("import", "--torch", R18.toString(), "--out", imported.toString()).exitCode());
    Path run = tmp.resolve("celeba");
    CliRun train =
        CliRun.of(
            "train",
            "--dataset",
            "celeba",
            "--data",
            celeba.toString(),
            "--init",
            R18.toString(),
            "--reinit",
            "fc",
            "--freeze",
            "backbone",
            "--epochs",
            "1",
            "--lr",
            "0.01",
            "--batch-size",
            "16",
            "--limit-train",
            "32",
            "--subset-seed",
            "0",
            "--val-split",
            "none",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
    JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
    assertEquals("sigmoid", config.at("/model/head").asText());
    assertEquals(40, config.at("/model/classes").asInt());
    assertEquals(
        224,
        config.at("/data/imageSize").asInt(),
        "fine-tuned at the stem's pretraining resolution");
    assertEquals(WeightsDownloader.sha256(R18), config.at("/init/sha256").asText());
    assertEquals("fc", config.at("/init/reinit/0").asText());

    TfCheckpoint after = TfCheckpoint.open(run.resolve("checkpoints/epoch-001"));
    assertSameVariables(TfCheckpoint.open(imported.resolve("checkpoints/epoch-000")), after, "fc/");
    // The head trained: its values are no longer the fresh ones a model of this configuration
    // starts from.
    try (var fresh = InferenceModel.create(RunDirectory.open(run).readConfig().model())) {
      Map<String, float[]> initial = fresh.variableValues();
      float[] trained = after.readFloat("fc/kernel").values();
      assertEquals(initial.get("fc/kernel").length, trained.length);
      assertFalse(Arrays.equals(initial.get("fc/kernel"), trained), "fc changed");
    }
  }

  @Test
  void studiesStartFromPretrainedWeightsOrSayInOneLineWhyNot() throws Exception {
    assume(R20, DATA.resolve("cifar10"));
    String[] common = {
      "--dataset",
      "cifar10",
      "--data",
      DATA.resolve("cifar10").toString(),
      "--init",
      R20.toString(),
      "--epochs",
      "1",
      "--limit-train",
      "64",
      "--limit-val",
      "32",
      "--no-report"
    };
    // the He et al. weights are 16/32/64 channels wide: a narrower variant cannot start from them
    CliRun wider =
        CliRun.of(
            concat(
                concat(new String[] {"sweep"}, common),
                new String[] {"--sweep-widths", "0.5,1", "--out", tmp.resolve("sw").toString()}));
    assertEquals(2, wider.exitCode());
    assertEquals(
        "reslab sweep: variant w0.5-d3.3.3 cannot start from "
            + R20
            + ": its stage widths [8, 8, 16, 32] differ from the weights' [16, 16, 32, 64];"
            + " pretrained weights fit only models of their own widths and depths",
        wider.err().strip());
    assertFalse(Files.exists(tmp.resolve("sw")), "nothing was created");

    Path study = tmp.resolve("abl");
    CliRun ablate =
        CliRun.of(
            concat(
                concat(new String[] {"ablate"}, common),
                new String[] {"--ablate", "layer3.2", "--out", study.toString()}));
    assertEquals(0, ablate.exitCode(), ablate.err());
    assertTrue(
        ablate.out().contains("every training starts from " + R20 + " (sha256 12fca82f"),
        ablate.out());
    // He et al. trained these weights on all of CIFAR-10's training images, the holdout too: said
    // once for the study, not once per training
    String seen =
        "warning: the initial weights "
            + R20
            + " (He et al.'s CIFAR-10 ResNet-20 (akamaster/pytorch_resnet_cifar10), known by its"
            + " SHA-256) were trained on all 50,000 CIFAR-10 training images: the holdout"
            + " validation images (10 %, seed 0) are among them";
    assertEquals(1, ablate.out().lines().filter(l -> l.startsWith(seen)).count(), ablate.out());
    JsonNode config =
        new ObjectMapper().readTree(study.resolve("runs/-layer3.2/seed-0/config.json").toFile());
    assertEquals(WeightsDownloader.sha256(R20), config.at("/init/sha256").asText());
    assertEquals(
        "0.485",
        config.at("/data/normalization/mean/0").asText().substring(0, 5),
        "ImageNet statistics, as the weights were trained");
  }
}
