/**
 * Run directories made from imported weights ({@link dev.reslab.interop.run.RunImport}), so that
 * commands which read a training run also accept a pretrained network.
 */
package dev.reslab.interop.run;
