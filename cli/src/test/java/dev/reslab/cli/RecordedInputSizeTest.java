package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size a run's model saw is the size its data set produced: an ImageNet-stem model trained on
 * 32×32 CIFAR-10 takes 32×32 image files and exports for 32×32 (it was taken for 224, the stem's
 * pretraining size, and image files were blown up to it).
 */
class RecordedInputSizeTest {
  @TempDir Path tmp;

  @Test
  void anImageNetStemRunOnCifarKeepsCifarsSize() throws Exception {
    Path bin = tmp.resolve("cifar10/cifar-10-batches-bin");
    Files.createDirectories(bin);
    for (int b = 1; b <= 5; b++) {
      RecordedDataFolderTest.writeCifarBatch(bin.resolve("data_batch_" + b + ".bin"), 8, b);
    }
    RecordedDataFolderTest.writeCifarTestBatch(bin, 8);
    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--dataset",
            "cifar10",
            "--data",
            tmp.resolve("cifar10").toString(),
            "--stem",
            "imagenet",
            "--width-factor",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--val-split",
            "none",
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
    RunConfig config = RunDirectory.open(run).readConfig();
    assertEquals(32, config.data().get("imageHeight"));
    assertEquals(32, RunConfig.inputSize(config.model(), config.data()));

    Path export = tmp.resolve("export");
    CliRun exported = CliRun.of("export", "--model", run.toString(), "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.err());
    JsonNode description =
        new ObjectMapper().readTree(export.resolve("assets.extra/reslab.json").toFile());
    assertEquals(32, description.path("input").path("height").asInt(), description.toString());
    assertTrue(description.path("input").has("width"), description.toString());
  }
}
