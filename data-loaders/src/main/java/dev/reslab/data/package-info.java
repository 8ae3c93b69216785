/**
 * Data sets (CIFAR-10, CelebA, ImageNet-V2, image folders, synthetic) streamed as tf.data
 * pipelines.
 */
package dev.reslab.data;
