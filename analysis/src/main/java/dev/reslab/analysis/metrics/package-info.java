/**
 * Classification metrics over a model's predictions: {@link
 * dev.reslab.analysis.metrics.MultiClassMetrics} for a softmax head, {@link
 * dev.reslab.analysis.metrics.MultiLabelMetrics} for independent sigmoid labels, both {@link
 * dev.reslab.model.training.MetricsCollector}s the trainer feeds batch by batch; confusion
 * matrices, per-class accuracy with {@link dev.reslab.analysis.metrics.WilsonInterval}s, exact ROC
 * AUC and ROC curves.
 *
 * <p>Conventions (those of scikit-learn, so numbers can be compared with Python studies): macro
 * averages are unweighted means over classes; a precision, recall or F1 whose denominator is 0
 * counts as 0 in an average ({@code zero_division=0}). ROC AUC is the exception: a label with no
 * positives or no negatives has no AUC, it is {@code NaN}, left out of the macro mean and listed as
 * undefined.
 */
package dev.reslab.analysis.metrics;
