/**
 * The ResNet family: one configuration ({@link dev.reslab.model.resnet.ResNetConfig}), one builder
 * ({@link dev.reslab.model.resnet.ResNet#build}), presets ({@link
 * dev.reslab.model.resnet.ResNetPreset}) and the block mask used by ablations ({@link
 * dev.reslab.model.resnet.BlockMask}).
 *
 * <p>Layer names follow torchvision ({@code conv1}, {@code bn1}, {@code layer1.0.conv1}, {@code
 * layer2.0.downsample.0}, {@code fc}); every named layer's output can be tapped from a {@link
 * dev.reslab.model.resnet.ForwardPass}.
 */
package dev.reslab.model.resnet;
