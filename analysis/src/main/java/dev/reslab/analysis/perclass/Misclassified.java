package dev.reslab.analysis.perclass;

/**
 * One misclassified image.
 *
 * @param index its position in the evaluated data
 * @param example what names it: its file ({@code cat/0012.jpg}) or record ({@code test_batch.bin
 *     record 17}), or {@code #index} when the data does not say
 * @param pixels HWC in [0, 1]
 * @param trueClass its label
 * @param predictedClass what the model said
 */
public record Misclassified(
    long index,
    String example,
    float[] pixels,
    int height,
    int width,
    int trueClass,
    int predictedClass) {}
