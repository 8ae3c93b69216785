/**
 * File writing that survives a kill: every write goes to a temporary file that is renamed into
 * place ({@link dev.reslab.model.io.AtomicFiles}); CSV tables, from metrics.csv to the analysis
 * tables, through {@link dev.reslab.model.io.CsvWriter}.
 */
package dev.reslab.model.io;
