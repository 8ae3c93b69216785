/**
 * Plain float arrays with a shape ({@link dev.reslab.interop.array.FloatArray}) and NumPy's {@code
 * .npy} format ({@link dev.reslab.interop.array.NpyFile}): the currency between checkpoint readers,
 * reference data and TensorFlow.
 */
package dev.reslab.interop.array;
