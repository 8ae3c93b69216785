/**
 * Lean inference SavedModels of reslab models for Python TensorFlow: raw pixels in, normalisation
 * inside the graph, logits and probabilities out ({@code serving_default}), and the stage outputs
 * for explanations ({@code features}).
 */
package dev.reslab.interop.export;
