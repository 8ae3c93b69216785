/**
 * How graphs are run on this machine: the arithmetic {@link dev.reslab.model.engine.Precision}, the
 * CPU features that decide whether bfloat16 pays ({@link dev.reslab.model.engine.CpuFeatures}), and
 * the session configuration built from them ({@link dev.reslab.model.engine.SessionOptions}), and
 * what a step really executed ({@link dev.reslab.model.engine.StepProfile}). Every session that
 * runs a model opens through {@code SessionOptions}, so training, evaluation, analyses and
 * benchmarks compute alike.
 */
package dev.reslab.model.engine;
