/**
 * TensorFlow checkpoints (tensor bundles) read in plain Java: {@link
 * dev.reslab.interop.checkpoint.TfCheckpoint} parses the {@code .index} table and reads float
 * tensors straight from the {@code .data} shards, for checkpoints written by Python TF1 and TF2
 * (object-based names are translated to variable names) and for SavedModel {@code variables/}.
 */
package dev.reslab.interop.checkpoint;
