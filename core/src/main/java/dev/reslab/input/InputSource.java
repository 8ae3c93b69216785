package dev.reslab.input;

import org.tensorflow.op.Ops;

/** Builds an {@link InputPipeline} into the graph the trainer is building. */
@FunctionalInterface
public interface InputSource {
  InputPipeline build(Ops tf);
}
