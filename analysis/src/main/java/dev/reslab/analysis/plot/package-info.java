/**
 * Plots as PNG files: metric curves and accuracy-versus-parameter charts ({@link
 * dev.reslab.analysis.plot.XyPlot}), and ROC curves ({@link dev.reslab.analysis.plot.RocPlot})
 * drawn by XChart; bar charts with asymmetric interval whiskers ({@link
 * dev.reslab.analysis.plot.BarPlot}), confusion-matrix heatmaps ({@link
 * dev.reslab.analysis.plot.ConfusionHeatmap}), parallel coordinates ({@link
 * dev.reslab.analysis.plot.ParallelCoordinates}) and labelled image grids ({@link
 * dev.reslab.analysis.plot.ImageGrid}) drawn with Java2D; several XChart charts as panels of one
 * figure ({@link dev.reslab.analysis.plot.Figure#panels}). Every file is written atomically
 * (temporary sibling, then rename) and works headless.
 *
 * <p>Intervals may be asymmetric (Wilson intervals are). XChart only draws symmetric error bars, so
 * in XY charts an interval is an extra, legend-less series centred on the interval's midpoint with
 * half its width as the error — the whisker spans exactly [lower, upper] while the point stays at
 * the value; bar charts draw their whiskers directly.
 *
 * <p>Every axis is labelled by {@link dev.reslab.analysis.plot.TickFormat} (fractions as
 * percentages), and a {@link dev.reslab.analysis.plot.Palette} made from a study's variants gives
 * each variant one colour in all of the study's charts.
 */
package dev.reslab.analysis.plot;
