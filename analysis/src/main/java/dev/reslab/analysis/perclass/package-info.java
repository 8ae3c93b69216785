/**
 * Per-class evaluation of a classifier: accuracy per class with Wilson 95 % intervals, the
 * confusion matrix as CSV and heatmaps (all classes and the first 20), the best and worst classes,
 * the most-confused pairs, and a gallery of misclassified images labelled true → predicted ({@link
 * dev.reslab.analysis.perclass.PerClassReport}).
 */
package dev.reslab.analysis.perclass;
