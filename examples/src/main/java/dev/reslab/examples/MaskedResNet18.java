package dev.reslab.examples;

import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Path;

/**
 * Model surgery and training as a researcher writes them: a ResNet-18 at width 0.875 without block
 * {@code layer3.1}, its summary, one bf16 epoch on a CIFAR-10 subset with a per-epoch callback,
 * then the run resumed for a second epoch. The README quotes the parts between the {@code tag::}
 * and {@code end::} marks; {@code ResearcherExamplesTest} runs them on the shared CIFAR-10.
 *
 * <p>{@code java dev.reslab.examples.MaskedResNet18 CIFAR10_DIR RUN_DIR}
 */
public final class MaskedResNet18 {
  private MaskedResNet18() {}

  public static void main(String[] args) {
    ModelSummary summary = summary();
    System.out.println(summary.toTable());
    TrainingResult resumed = trainAndResume(Path.of(args[0]), Path.of(args[1]));
    System.out.println("best epoch " + resumed.bestEpoch() + " of " + resumed.epochs().size());
  }

  /** The model: ResNet-18, width 0.875, without the second block of stage 3. */
  public static ResNetConfig config() {
    // tag::surgery[]
    ResNetConfig config =
        ResNetPreset.RESNET18.config(Stem.CIFAR, 10).toBuilder() // 3x3 stem, 10 classes
            .widthFactor(0.875)
            .remove("layer3.1") // a block, or a whole stage: "layer3"
            .build();
    // end::surgery[]
    return config;
  }

  /** Layers, output shapes, parameters and multiply-accumulates, computed in plain Java. */
  public static ModelSummary summary() {
    ResNetConfig config = config();
    // tag::summary[]
    ModelSummary summary = ModelSummary.of(config); // no TensorFlow needed
    System.out.printf("%,d parameters%n", summary.parameters());
    // summary.toTable() is what `reslab summary` prints
    // end::summary[]
    return summary;
  }

  /** One bf16 epoch on 128 CIFAR-10 training images into {@code run}, then a second, resumed. */
  public static TrainingResult trainAndResume(Path cifar10, Path run) {
    ResNetConfig config = config();
    // tag::train[]
    DataSpec data =
        DataSpec.of("cifar10", cifar10) // the folder holding cifar-10-batches-bin/
            .withLimits(128, 64); // seeded subsets: 128 training, 64 validation images
    TrainingConfig training =
        TrainingConfig.builder(1, 32) // epochs, batch size
            .precision(Precision.BF16) // fp32 (with a message) where the CPU lacks bf16
            .seed(7)
            .build();
    TrainingListener perEpoch =
        new TrainingListener() {
          @Override
          public void epochFinished(EpochResult epoch, boolean best) {
            System.out.printf(
                "epoch %d: loss %.3f, validation accuracy %.3f%s%n",
                epoch.epoch(),
                epoch.get("train_loss"),
                epoch.get("val_accuracy"),
                best ? " (best so far)" : "");
          }

          @Override
          public void info(String message) { // resume points, fallbacks, warnings
            System.out.println(message);
          }
        };
    TrainingJob.train(config, training, data, run, perEpoch);
    // Later, or after a crash: continue to 2 epochs in all, with the settings the run recorded
    TrainingResult resumed = TrainingJob.resume(run, 2, perEpoch);
    // end::train[]
    return resumed;
  }
}
