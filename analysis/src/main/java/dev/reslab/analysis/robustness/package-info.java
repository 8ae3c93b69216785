/**
 * Image corruptions for robustness studies, after ImageNet-C and CIFAR-10-C (Hendrycks &amp;
 * Dietterich 2019): {@link dev.reslab.analysis.robustness.GaussianNoise}, {@link
 * dev.reslab.analysis.robustness.SaltPepperNoise} (impulse noise) and {@link
 * dev.reslab.analysis.robustness.GaussianBlur}, each either at a severity 1–5 of a {@link
 * dev.reslab.analysis.robustness.SeverityTable} or with a direct parameter.
 *
 * <p>They work on float NHWC batches ({@link dev.reslab.analysis.inputs.ImageBatch}) with pixels in
 * [0, 1], return a new batch clipped to [0, 1], and are deterministic: image {@code i} of a data
 * set draws its random numbers from (seed, i) alone, so the result does not depend on the batch
 * size or on which batch the image came in.
 *
 * <p>{@link dev.reslab.analysis.robustness.RobustnessStudy} runs clean data and every corruption ×
 * severity through a classifier; {@link dev.reslab.analysis.robustness.RobustnessReport} writes the
 * study as a CSV and Markdown table (accuracy with Wilson intervals, drop from clean), severity
 * curves, a bar chart and a grid of example images. A multi-label head (CelebA's 40 attributes) is
 * scored instead by macro ROC AUC and mean per-label accuracy, as {@code eval} scores it ({@link
 * dev.reslab.analysis.metrics.MultiLabelMetrics}), in a {@link
 * dev.reslab.analysis.robustness.MultiLabelRobustnessTable} that also names the labels losing the
 * most AUC.
 */
package dev.reslab.analysis.robustness;
