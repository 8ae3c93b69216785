package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that does not fit on the disk: one clear error naming the path, and no half-written
 * folder.
 */
class FullDiskTest {
  @TempDir Path tmp;

  @Test
  void aFullDiskWhileCheckpointingNamesThePathAndLeavesNoTemporaryFolder() throws Exception {
    Path small = Files.createDirectories(tmp.resolve("small-disk"));
    // a real full file system: a 192 KiB tmpfs (needs root, as on our machines and CI; elsewhere
    // this is skipped)
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", small.toString()),
        "cannot mount a small tmpfs here (not root?): the full-disk test is skipped");
    try {
      Path out = small.resolve("run");
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () ->
                  Trainer.builder(TrainingProcessMain.MODEL, TrainingConfig.defaults(1, 32))
                      .trainData(TinyData.classes(32, 32, 1))
                      .runDirectory(out)
                      .dataDescription(Map.of("dataset", "tiny"))
                      .build()
                      .run());
      String message = e.getMessage();
      assertTrue(
          message.startsWith(
              "cannot write the checkpoint " + out.resolve("checkpoints/epoch-001") + ": "),
          message);
      assertFalse(message.contains("\n"), message);
      try (Stream<Path> left = Files.list(out.resolve("checkpoints"))) {
        assertTrue(left.findAny().isEmpty(), "the temporary checkpoint folder is removed");
      }
    } finally {
      run("umount", small.toString());
    }
  }

  private static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
