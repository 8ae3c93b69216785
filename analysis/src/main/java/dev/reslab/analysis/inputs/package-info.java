/**
 * Inputs of the analysis commands in the form explanations and corruptions need: images as pixels
 * in [0, 1] ({@link dev.reslab.analysis.inputs.ImageBatch}) — from a data set's pipeline in batches
 * ({@link dev.reslab.analysis.inputs.DatasetBatches}: all, or the seeded subset an evaluation
 * reads), picked by their position in the data set ({@link
 * dev.reslab.analysis.inputs.ImageSelection}) or from image files ({@link
 * dev.reslab.analysis.inputs.ImageFilesInput}) — and the normalisation a model expects ({@link
 * dev.reslab.analysis.inputs.ModelNormalization}), which the model's graph applies itself.
 */
package dev.reslab.analysis.inputs;
