/**
 * Keras-style layers on the TF-Java Ops API.
 *
 * <p>A {@link dev.reslab.model.layers.Layer} has a name, creates its variables once (on its first
 * call, when the input shape is known) and is then called on a tensor with a {@link
 * dev.reslab.model.layers.CallContext} that carries the training flag and collects every layer's
 * output (so any named layer can be tapped) and the BatchNorm update ops. Variables are always read
 * through {@code identity}: a gradient taken directly on a {@code VariableV2} output can crash the
 * JVM (see the project's TF-Java notes). {@code SmallMapKernelGradient} gives bf16 training a
 * faster kernel gradient for convolutions on small maps.
 */
package dev.reslab.model.layers;
