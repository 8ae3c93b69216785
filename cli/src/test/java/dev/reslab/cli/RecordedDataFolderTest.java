package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.data.Cifar10Dataset;
import dev.reslab.data.DataException;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that records its CIFAR-10 folder, analysed and evaluated with {@code --dataset cifar10} and
 * no {@code --data} while {@code $RESLAB_DATA} holds no CIFAR-10: the recorded folder is found, as
 * it is without {@code --dataset}. Through the launcher, so that {@code $RESLAB_DATA} is the
 * child's own.
 */
class RecordedDataFolderTest {
  private static final int IMAGES = 24;

  @TempDir Path tmp;

  @Test
  void namingTheRecordedDataSetFindsTheRecordedFolder() throws Exception {
    Path cifar = tmp.resolve("elsewhere/cifar10");
    writeCifarTestBatch(cifar.resolve("cifar-10-batches-bin"), IMAGES);
    Path run = recordingData(tmp.resolve("run"), cifar);
    Map<String, String> emptyData =
        Map.of("RESLAB_DATA", Files.createDirectories(tmp.resolve("empty")).toString());

    Path out = tmp.resolve("pc");
    LauncherRun p =
        LauncherRun.of(
            emptyData,
            "per-class",
            "--model",
            run.toString(),
            "--dataset",
            "cifar10",
            "--gallery",
            "0",
            "--out",
            out.toString());
    assertEquals(0, p.exitCode(), p.err());
    assertTrue(p.out().contains(" of " + IMAGES + " correct"), p.out());
    var data = new ObjectMapper().readTree(out.resolve("analysis.json").toFile()).get("data");
    assertEquals(cifar.toAbsolutePath().toString(), data.get("folder").asText());

    LauncherRun e =
        LauncherRun.of(emptyData, "eval", "--model", run.toString(), "--dataset", "cifar10");
    assertEquals(0, e.exitCode(), e.err());
    assertTrue(e.out().contains("evaluated " + IMAGES + " of its " + IMAGES + " images"), e.out());

    // the recorded folder gone: the error says it was looked for
    AtomicFiles.deleteTree(cifar);
    LauncherRun gone =
        LauncherRun.of(emptyData, "eval", "--model", run.toString(), "--dataset", "cifar10");
    assertEquals(2, gone.exitCode(), gone.err());
    assertTrue(
        gone.err()
            .contains(
                " nor in " + cifar + ", the folder the run recorded; give its folder with --data"),
        gone.err());
  }

  @Test
  void aRecordedFolderThatIsGoneIsNamedWithTheRunAndWhatToDo() throws Exception {
    Path cifar = tmp.resolve("elsewhere/cifar10");
    writeCifarTestBatch(cifar.resolve("cifar-10-batches-bin"), IMAGES);
    Path run = recordingData(tmp.resolve("run"), cifar);
    Path moved = tmp.resolve("moved/cifar10");
    Files.createDirectories(moved.getParent());
    Files.move(cifar, moved);

    String expected =
        "run "
            + run
            + " recorded its data set cifar10 in "
            + cifar
            + ", which no longer exists; give the data set's folder with --dataset cifar10 --data DIR";
    for (String[] args :
        List.of(
            new String[] {"eval", "--model", run.toString()},
            new String[] {"per-class", "--model", run.toString(), "--out", tmp + "/pc"},
            new String[] {"gradcam", "--model", run.toString(), "--out", tmp + "/cam"})) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.exitCode(), args[0] + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("reslab " + args[0] + ": " + expected), r.err());
    }

    // --data alone names the run's own data set's new folder
    Path out = tmp.resolve("pc-moved");
    CliRun p =
        CliRun.of(
            "per-class",
            "--model",
            run.toString(),
            "--data",
            moved.toString(),
            "--gallery",
            "0",
            "--out",
            out.toString());
    assertEquals(0, p.exitCode(), p.err());
    assertTrue(p.out().contains(" of " + IMAGES + " correct"), p.out());
    var data = new ObjectMapper().readTree(out.resolve("analysis.json").toFile()).get("data");
    assertEquals(moved.toAbsolutePath().toString(), data.get("folder").asText());
  }

  @Test
  void anotherDataSetThanTheRunsIsNotLookedForInTheRunsFolder() throws Exception {
    Path cifar = tmp.resolve("elsewhere/cifar10");
    writeCifarTestBatch(cifar.resolve("cifar-10-batches-bin"), IMAGES);
    Map<String, Object> recorded = Map.of("dataset", "cifar10", "dir", cifar.toString());
    // found in the usual places ($RESLAB_DATA may hold it) or not found at all: never the run's
    try {
      assertNotEquals(cifar, DataSetOptions.locate("cifar10-jpeg", null, recorded));
    } catch (DataException e) {
      assertTrue(
          e.getMessage().startsWith("no folder given for cifar10-jpeg and it was not found under "),
          e.getMessage());
      assertFalse(e.getMessage().contains(cifar.toString()), e.getMessage());
    }
  }

  /**
   * A CIFAR-10 test batch of {@code n} records (random pixels, labels 0..9 in turn) and its class
   * names, in the official binary layout.
   */
  static void writeCifarTestBatch(Path bin, int n) throws Exception {
    writeCifarBatch(bin.resolve("test_batch.bin"), n, 7);
    Files.write(bin.resolve("batches.meta.txt"), Cifar10Dataset.DEFAULT_CLASSES);
  }

  /** One CIFAR-10 batch file of {@code n} records: random pixels, labels 0..9 in turn. */
  static void writeCifarBatch(Path file, int n, long seed) throws Exception {
    byte[] bytes = new byte[n * Cifar10Dataset.RECORD_BYTES];
    new Random(seed).nextBytes(bytes);
    for (int i = 0; i < n; i++) {
      bytes[i * Cifar10Dataset.RECORD_BYTES] = (byte) (i % 10);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** A small run of fresh weights whose config.json records CIFAR-10 in {@code dir}. */
  private static Path recordingData(Path run, Path dir) throws Exception {
    AnalysisCommandsTest.writeRun(
        run, ResNetPreset.RESNET20.config().toBuilder().depths(1, 1, 1).build(), "cifar10");
    RunDirectory d = RunDirectory.open(run);
    RunConfig c = d.readConfig();
    Map<String, Object> data = new LinkedHashMap<>(c.data());
    data.put("dir", dir.toString());
    d.writeConfig(new RunConfig(c.model(), c.training(), data, c.versions(), c.created()));
    return run;
  }
}
