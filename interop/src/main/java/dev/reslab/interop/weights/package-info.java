/**
 * Pretrained weights into reslab models: {@link dev.reslab.interop.weights.TorchWeightMapping}
 * matches a PyTorch state dict (torchvision or He et al. CIFAR naming) to a model's variables,
 * checks that every tensor is accounted for and converts layouts; {@link
 * dev.reslab.interop.weights.VariableAssigner} writes the values into a session; {@link
 * dev.reslab.interop.weights.TorchWeightImport} does both for a file.
 */
package dev.reslab.interop.weights;
