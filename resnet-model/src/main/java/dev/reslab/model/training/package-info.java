/**
 * The graph-mode training engine: losses, optimizers applied with raw TF ops, learning-rate
 * schedules, frozen layers, checkpoints (written through {@link dev.reslab.model.run.RunDirectory})
 * and the listener through which metrics (computed in {@code analysis}) see predictions.
 */
package dev.reslab.model.training;
