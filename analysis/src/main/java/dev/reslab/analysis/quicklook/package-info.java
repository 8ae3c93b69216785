/**
 * A first look at a trained run in one call ({@link dev.reslab.analysis.quicklook.QuickLook}):
 * per-class results and Grad-CAM grids of a few evaluation images, written into the run directory
 * (what {@code reslab quickstart} adds).
 */
package dev.reslab.analysis.quicklook;
