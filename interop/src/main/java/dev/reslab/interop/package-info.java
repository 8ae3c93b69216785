/**
 * Exchange with Python: SavedModel export and import, weight import from PyTorch and TensorFlow.
 */
package dev.reslab.interop;
