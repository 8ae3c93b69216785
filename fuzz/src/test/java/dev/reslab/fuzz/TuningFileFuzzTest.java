package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.analysis.study.MedianPruner;
import dev.reslab.analysis.study.SearchSpace;
import dev.reslab.analysis.study.Trial;
import dev.reslab.analysis.study.TuneResults;
import dev.reslab.analysis.study.TuneSettings;
import dev.reslab.analysis.study.TuningFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code STUDY/tuning.json} ({@link TuningFile#read}, as {@code reslab report} reads a tuning
 * study), and the importances the report computes from what it read.
 */
@Tag("fuzz")
class TuningFileFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void tuningFile(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      box.write("study/" + TuningFile.FILE, input);
      Path dir = box.input().resolve("study");
      ReaderContract.check(
          box,
          input.length,
          () -> TuningFile.read(dir),
          results -> {
            assertNotNull(results.settings().space());
            results.importances();
            results.bestSoFar();
          });
    }
  }

  static Stream<Arguments> seeds() throws Exception {
    SearchSpace space =
        SearchSpace.of(
            new double[] {1e-4, 1e-1},
            List.of(32, 64),
            List.of("adam", "sgd"),
            new double[] {1e-6, 1e-2});
    Map<String, String> params =
        Map.of(
            "lr",
            "0.00100000",
            "batch_size",
            "32",
            "optimizer",
            "sgd",
            "weight_decay",
            "1.00000e-05");
    List<Trial> trials =
        List.of(
            new Trial(
                1,
                Trial.State.COMPLETE,
                params,
                0.5,
                new TreeMap<>(Map.of(1, 0.25, 2, 0.5)),
                "r1",
                "h:1"),
            new Trial(
                2, Trial.State.PRUNED, params, 0.2, new TreeMap<>(Map.of(1, 0.2)), "r2", "h:1"),
            new Trial(3, Trial.State.FAIL, params, Double.NaN, new TreeMap<>(), "r3", "h:1"));
    Path dir = Files.createTempDirectory("tuning-seed");
    try {
      TuningFile.write(
          dir,
          new TuneResults(
              TuneSettings.builder("seed", space).trials(3).pruner(new MedianPruner(4, 0)).build(),
              trials));
      return Stream.of(
          Seeds.named("a tuning study", Files.readAllBytes(dir.resolve(TuningFile.FILE))));
    } finally {
      Files.deleteIfExists(dir.resolve(TuningFile.FILE));
      Files.deleteIfExists(dir);
    }
  }
}
