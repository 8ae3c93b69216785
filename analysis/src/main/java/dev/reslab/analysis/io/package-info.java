/**
 * Table formats shared by the analysis outputs (CSV). Atomic writes live in {@code
 * dev.reslab.model.io.AtomicFiles}.
 */
package dev.reslab.analysis.io;
