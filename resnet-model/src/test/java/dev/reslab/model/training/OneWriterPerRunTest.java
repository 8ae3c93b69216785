package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.lock.RunBusyException;
import dev.reslab.lock.RunLock;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two trainings into one run folder at once used to both succeed and mix into one run (config.json
 * with the second one's seed, both runs' TensorBoard events): the second now stops before it writes
 * anything, and the first ends as if alone.
 */
class OneWriterPerRunTest {
  private static final ResNetConfig SMALL =
      ResNetPreset.RESNET18.config().toBuilder()
          .classes(4)
          .widthFactor(0.125)
          .depths(1, 1, 1, 1)
          .build();

  @TempDir Path tmp;

  private static Trainer trainer(
      long seed, int epochs, Path out, boolean resume, TrainingListener l) {
    return Trainer.builder(
            SMALL.toBuilder().seed(seed).build(), TrainingConfig.defaults(epochs, 32))
        .trainData(TinyData.classes(64, 32, seed))
        .metrics(() -> new TinyData.Accuracy(false))
        .runDirectory(out)
        .dataDescription(Map.of("dataset", "tiny"))
        .resume(resume)
        .listener(l)
        .build();
  }

  @Test
  void aSecondTrainerOfTheSameFolderStopsWhileTheFirstTrains() throws Exception {
    Path out = tmp.resolve("run");
    List<Throwable> others = new ArrayList<>();
    TrainingListener startsOthers =
        new TrainingListener() {
          @Override
          public void epochStarted(int epoch, int epochs, long steps) {
            if (epoch == 1) {
              others.add(attempt(() -> trainer(2, 3, out, false, new TrainingListener() {}).run()));
            }
          }

          @Override
          public void epochFinished(EpochResult result, boolean best) {
            if (result.epoch() == 1) {
              others.add(attempt(() -> trainer(2, 3, out, true, new TrainingListener() {}).run()));
            }
          }
        };
    TrainingResult first = trainer(1, 2, out, false, startsOthers).run();

    assertEquals(2, others.size());
    assertInstanceOfBusy(others.get(1)); // train --resume while it trains
    RunBusyException busy = assertInstanceOfBusy(others.get(0)); // a second fresh train
    assertEquals(
        out.toAbsolutePath()
            + " is being trained by another thread of this process ("
            + busy.holder()
            + "); wait for it or use another folder",
        busy.getMessage());
    assertTrue(busy.holder().startsWith("pid " + ProcessHandle.current().pid() + " on "));
    assertEquals(2, first.epochs().size());
    assertEquals(
        1, RunDirectory.open(out).readConfig().model().seed(), "config.json is the first run's");
    assertEquals(2, RunDirectory.open(out).readMetrics().size());
    try (Stream<Path> events = Files.walk(out.resolve("tensorboard"))) {
      assertEquals(
          1,
          events
              .filter(
                  p ->
                      p.getFileName().toString().startsWith("events.out")
                          && p.getParent().getFileName().toString().equals("train"))
              .count(),
          "one training's events");
    }
    assertFalse(RunLock.isHeld(out), "released when training ends");
    // and free for a later resume
    assertEquals(3, trainer(1, 3, out, true, new TrainingListener() {}).run().epochs().size());
  }

  /** What a second trainer on another thread ends with. */
  private static Throwable attempt(Runnable training) {
    try {
      CompletableFuture.runAsync(training).join();
      return new AssertionError("a second trainer ran");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  private static RunBusyException assertInstanceOfBusy(Throwable t) {
    assertNotNull(t, "the second trainer was not started");
    if (t instanceof RunBusyException busy) {
      return busy;
    }
    throw new AssertionError("expected RunBusyException, got " + t, t);
  }
}
