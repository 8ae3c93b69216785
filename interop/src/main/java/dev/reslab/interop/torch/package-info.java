/**
 * PyTorch checkpoints read without Python: {@link dev.reslab.interop.torch.TorchCheckpoint} reads
 * both containers {@code torch.save} writes (the legacy pickle stream of PyTorch before 1.6 and the
 * zip archive since) into a {@link dev.reslab.interop.torch.StateDict}. The pickles are decoded by
 * Pyrolite with constructors for the few {@code torch} and {@code collections} callables state
 * dicts use ({@link dev.reslab.interop.torch.TorchPickle}).
 */
package dev.reslab.interop.torch;
