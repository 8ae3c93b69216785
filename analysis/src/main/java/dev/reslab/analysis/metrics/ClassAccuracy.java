package dev.reslab.analysis.metrics;

/**
 * One class's accuracy (its recall).
 *
 * @param classIndex the class
 * @param correct examples of the class predicted as it
 * @param total examples of the class
 * @param accuracy correct / total; NaN when total is 0
 * @param interval Wilson 95 % interval of the accuracy
 */
public record ClassAccuracy(
    int classIndex, long correct, long total, double accuracy, WilsonInterval interval) {}
