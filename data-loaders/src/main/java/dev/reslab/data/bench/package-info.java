/** Throughput of the data pipelines on their own (no model): images per second. */
package dev.reslab.data.bench;
