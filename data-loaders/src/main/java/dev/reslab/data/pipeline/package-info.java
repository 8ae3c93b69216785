/**
 * The shared tf.data machinery: a data set supplies its raw elements and how to decode one ({@link
 * dev.reslab.data.pipeline.ExampleSource}); {@link dev.reslab.data.pipeline.PipelineAssembler} adds
 * limiting, shuffling, decoding in parallel, augmentation, normalisation, batching and prefetching.
 */
package dev.reslab.data.pipeline;
