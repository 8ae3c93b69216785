/** Conversions between TF-Java tensors and plain Java arrays. */
package dev.reslab.model.tensor;
