package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.Shortcut;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.training.OptimizerConfig;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's yardstick must be a real training step: on its one fixed batch the loss must fall
 * (it memorises the batch), for each kind of network the engine can be asked to run.
 */
class BareResNetStepTest {

  @Test
  void cifarSoftmaxWithAdamLearnsItsBatch() {
    assertLearns(
        ResNetConfig.builder().depths(1, 1).widths(8, 16).classes(10).build(),
        32,
        OptimizerConfig.adam(0.01));
  }

  @Test
  void imagenetStemSigmoidHeadZeroPadShortcutsAndARemovedBlockWithSgd() {
    assertLearns(
        ResNetConfig.builder()
            .stem(Stem.IMAGENET)
            .depths(2, 1)
            .widths(8, 16)
            .remove("layer1.1")
            .head(Head.SIGMOID)
            .classes(40)
            .shortcut(Shortcut.ZERO_PAD)
            .build(),
        64,
        OptimizerConfig.sgd(0.1, 0.9, true));
  }

  private static void assertLearns(ResNetConfig model, int size, OptimizerConfig optimizer) {
    try (BareResNetStep step =
        new BareResNetStep(model, 8, size, optimizer, SessionOptions.defaults())) {
      float first = step.run();
      float last = first;
      for (int i = 0; i < 15; i++) {
        last = step.run();
      }
      assertTrue(Float.isFinite(first), "first loss " + first);
      assertTrue(last < 0.7f * first, "loss " + first + " -> " + last + " on a fixed batch");
    }
  }
}
