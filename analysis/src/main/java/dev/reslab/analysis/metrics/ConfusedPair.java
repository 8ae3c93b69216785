package dev.reslab.analysis.metrics;

/**
 * A confusion: examples of {@code trueClass} predicted as {@code predictedClass}.
 *
 * @param count how many
 * @param fractionOfTrueClass count over all examples of the true class
 */
public record ConfusedPair(
    int trueClass, int predictedClass, long count, double fractionOfTrueClass) {}
