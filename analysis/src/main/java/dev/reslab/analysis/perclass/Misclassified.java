package dev.reslab.analysis.perclass;

/**
 * One misclassified image.
 *
 * @param index its position in the evaluated data
 * @param pixels HWC in [0, 1]
 * @param trueClass its label
 * @param predictedClass what the model said
 */
public record Misclassified(
    long index, float[] pixels, int height, int width, int trueClass, int predictedClass) {}
