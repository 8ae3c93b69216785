/**
 * Robustness studies as reports ({@link dev.reslab.analysis.stress.RobustnessReport}): clean data and every
 * corruption × severity through {@link dev.reslab.analysis.robustness.RobustnessStudy}, written as a CSV and Markdown
 * table (accuracy with Wilson intervals, drop from clean), severity curves, a bar chart and a grid of example images.
 */
package dev.reslab.analysis.stress;
