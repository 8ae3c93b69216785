package dev.reslab.model.training;

import dev.reslab.model.resnet.ResNet;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Weights a run starts from instead of fresh ones (a pretrained file, another run's checkpoint).
 * The trainer calls {@link #assign} once, right after the variables were initialised and before the
 * first step; a resumed run restores its own checkpoint instead.
 */
public interface InitialWeights {

  /**
   * Writes the initial values into {@code model}'s variables (already initialised in {@code
   * session}).
   */
  void assign(ResNet model, Ops tf, Session session);

  /**
   * What config.json records under {@code init}: the source, its sha256, the re-initialised layers.
   */
  Map<String, Object> provenance();
}
