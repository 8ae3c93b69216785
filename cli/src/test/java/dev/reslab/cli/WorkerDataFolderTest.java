package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.study.Study;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyPlan;
import dev.reslab.analysis.study.Variant;
import dev.reslab.data.DataSpec;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reslab worker} finds the study's data set as every command finds data ({@link
 * DataSetOptions#locate}): under {@code $RESLAB_DATA}, then {@code ./data}, then in the folder the
 * study recorded, and says so in one line when none holds it. Through the launcher, so that {@code
 * $RESLAB_DATA} is the child's own.
 */
class WorkerDataFolderTest {
  @TempDir Path tmp;

  @Test
  void theStudysDataSetIsFoundLikeEveryCommandsData() throws Exception {
    Path recorded = tmp.resolve("maker/cifar10");
    writeCifar(recorded.resolve("cifar-10-batches-bin"));
    String url = "jdbc:sqlite:" + tmp.resolve("study/study.db").toAbsolutePath();
    Study.create(plan(recorded), tmp.resolve("study"), url, "abl");

    // a copy under $RESLAB_DATA is found before the recorded folder, as `eval --dataset` finds it
    Path shared = tmp.resolve("shared");
    Path copy = shared.resolve("cifar10");
    writeCifar(copy.resolve("cifar-10-batches-bin"));
    Path runs = tmp.resolve("runs");
    LauncherRun w = worker(shared, url, runs);
    assertEquals(0, w.exitCode(), w.out() + w.err());
    assertTrue(w.out().contains("trained 1, resumed 0, failed 0"), w.out());
    Path run;
    try (Stream<Path> configs = Files.walk(runs)) {
      run = configs.filter(p -> p.endsWith("config.json")).findFirst().orElseThrow().getParent();
    }
    assertEquals(
        copy.toAbsolutePath().toString(), RunDirectory.open(run).readConfig().data().get("dir"));

    // found nowhere: one line naming the places, the study's folder and what to do
    AtomicFiles.deleteTree(recorded);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    LauncherRun none = worker(empty, url, runs);
    assertEquals(2, none.exitCode(), none.out() + none.err());
    assertTrue(
        none.err()
            .contains(
                "reslab worker: no folder given for cifar10 and it was not found under "
                    + empty.resolve("cifar10")),
        none.err());
    assertTrue(
        none.err()
            .contains(
                " nor in "
                    + recorded
                    + ", the folder study 'abl' recorded; give its folder with --data"),
        none.err());
  }

  /** {@code reslab worker --no-wait} on study 'abl' with {@code $RESLAB_DATA} at {@code data}. */
  private static LauncherRun worker(Path data, String url, Path runs) throws Exception {
    return LauncherRun.of(
        Map.of("RESLAB_DATA", data.toString()),
        "worker",
        "--storage",
        url,
        "--study",
        "abl",
        "--out",
        runs.toString(),
        "--no-wait");
  }

  /** One tiny training on CIFAR-10 in {@code dir}, validated on its test split. */
  private static StudyPlan plan(Path dir) {
    DataSpec data = DataSpec.of("cifar10", dir).withValidationSplit("test");
    return new StudyPlan(
        "ablation",
        "val_accuracy",
        List.of(
            Variant.of(
                "base",
                ResNetPreset.RESNET20.config().toBuilder()
                    .depths(1, 1, 1)
                    .widthFactor(0.5)
                    .build())),
        TrainingConfig.builder(1, 8).threads(1).build(),
        new StudyData(data, data.subsetSeed()),
        StudyPlan.seeds(0, 1));
  }

  /** The official CIFAR-10 binary layout with 8 records per batch: the same bytes every time. */
  private static void writeCifar(Path bin) throws Exception {
    for (int b = 1; b <= 5; b++) {
      RecordedDataFolderTest.writeCifarBatch(bin.resolve("data_batch_" + b + ".bin"), 8, b);
    }
    RecordedDataFolderTest.writeCifarTestBatch(bin, 8);
  }
}
