/**
 * What the training engine reads and the data module provides: {@link dev.reslab.input.InputSource}
 * builds an {@link dev.reslab.input.InputPipeline} (images and labels inside the graph) into the
 * graph being built.
 */
package dev.reslab.input;
