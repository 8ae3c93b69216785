/**
 * The shared tf.data machinery a data set plugs into: it supplies its raw elements and how to
 * decode one ({@link dev.reslab.data.pipeline.ExampleSource}); the data set's {@code pipeline}
 * method then adds limiting, shuffling, decoding in parallel, augmentation, normalisation, batching
 * and prefetching (assembled inside {@code dev.reslab.data}, not part of the API).
 */
package dev.reslab.data.pipeline;
