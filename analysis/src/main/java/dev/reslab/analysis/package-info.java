/** Metrics, explanations, robustness, experiments, plots and reports over trained models. */
package dev.reslab.analysis;
