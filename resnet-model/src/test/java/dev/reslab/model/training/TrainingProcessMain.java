package dev.reslab.model.training;

import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import java.nio.file.Path;
import java.util.Map;

/**
 * A training process for {@link KillResumeTest} to kill: trains (or resumes) a tiny run and prints
 * a line when each epoch starts (so the test knows the process is past TensorFlow's start-up) and
 * how long each took.
 */
public final class TrainingProcessMain {
  static final ResNetConfig MODEL =
      ResNetPreset.RESNET18.config().toBuilder()
          .classes(4)
          .widthFactor(0.125)
          .depths(1, 1, 1, 1)
          .seed(1)
          .build();

  private TrainingProcessMain() {}

  /**
   * The run every process of the test trains: one thread, so every resumed run is bit-identical.
   */
  static Trainer.Builder trainer(Path dir, int epochs) {
    TrainingConfig config =
        TrainingConfig.builder(epochs, 32).seed(7).threads(1).keepLast(1).build();
    return Trainer.builder(MODEL, config)
        .trainData(TinyData.classes(96, 32, 1))
        .validationData(TinyData.classes(64, 32, 2))
        .metrics(() -> new TinyData.Accuracy(false))
        .runDirectory(dir)
        .dataDescription(Map.of("dataset", "tiny"))
        .resume(true);
  }

  public static void main(String[] args) {
    trainer(Path.of(args[0]), Integer.parseInt(args[1]))
        .listener(
            new TrainingListener() {
              private long startedAt;

              @Override
              public void epochStarted(int epoch, int epochs, long steps) {
                startedAt = System.nanoTime();
                System.out.println("epoch " + epoch + " started");
                System.out.flush();
              }

              @Override
              public void epochFinished(EpochResult result, boolean best) {
                System.out.println("epoch took " + (System.nanoTime() - startedAt) / 1_000_000);
                System.out.flush();
              }
            })
        .build()
        .run();
    System.out.println("finished");
  }
}
