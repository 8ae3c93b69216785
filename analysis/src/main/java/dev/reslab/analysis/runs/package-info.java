/**
 * Training and evaluation jobs over named data sets: the library calls behind {@code reslab train},
 * {@code eval} and {@code quickstart}. They join the data loaders to the training engine and pick
 * the metrics for the task; {@link dev.reslab.analysis.runs.ModelEvaluation} returns an {@link
 * dev.reslab.analysis.runs.EvaluationResult}. {@link dev.reslab.analysis.runs.SeenValidation} says
 * when a run's validation images are among those its initial weights were trained on.
 */
package dev.reslab.analysis.runs;
