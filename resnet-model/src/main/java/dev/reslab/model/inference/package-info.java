/**
 * A trained (or imported, or fresh) model ready for inference: {@link
 * dev.reslab.model.inference.InferenceModel} rebuilds the architecture from a run's configuration,
 * restores a checkpoint and exposes every named layer's output for explanations.
 */
package dev.reslab.model.inference;
