/**
 * Reports on runs and studies, written from their own files: {@code report.md} and a self-contained
 * {@code report.html} (images embedded as data URIs) with configuration, tables, charts and
 * automatic observations; a model card per model and a datasheet per data set, generated from the
 * runs' metadata ({@link dev.reslab.analysis.report.Report}). Folders of analysis results carry an
 * {@link dev.reslab.analysis.report.AnalysisProvenance} ({@code analysis.json}): what made them,
 * which the report checks against the runs it reports on.
 *
 * <p>A report is first a {@link dev.reslab.analysis.report.ReportDocument} (headings, paragraphs,
 * lists, tables, images), then rendered by {@link dev.reslab.analysis.report.MarkdownRenderer} and
 * {@link dev.reslab.analysis.report.HtmlRenderer}, so both files say the same thing.
 */
package dev.reslab.analysis.report;
