/**
 * The run directory a training writes and every later command reads: {@link
 * dev.reslab.model.run.RunDirectory} (config.json, metrics, checkpoints, best epoch), {@link
 * dev.reslab.model.run.RunConfig} (what config.json holds) and the TensorBoard event-file writer.
 */
package dev.reslab.model.run;
