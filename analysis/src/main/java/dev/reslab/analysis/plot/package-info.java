/**
 * Plots as PNG files: metric curves and accuracy-versus-parameter charts ({@link dev.reslab.analysis.plot.XyPlot}),
 * and ROC curves ({@link dev.reslab.analysis.plot.RocPlot}) drawn by XChart; bar charts with asymmetric interval
 * whiskers ({@link dev.reslab.analysis.plot.BarPlot}), confusion-matrix heatmaps
 * ({@link dev.reslab.analysis.plot.ConfusionHeatmap}) and labelled image grids
 * ({@link dev.reslab.analysis.plot.ImageGrid}) drawn with Java2D. Every file is written
 * atomically (temporary sibling, then rename) and works headless.
 *
 * <p>Intervals may be asymmetric (Wilson intervals are): XChart only draws symmetric error bars, so an interval is
 * drawn as an extra, legend-less series centred on the interval's midpoint with half its width as the error — the
 * whisker then spans exactly [lower, upper] while the point or bar stays at the value.
 */
package dev.reslab.analysis.plot;
