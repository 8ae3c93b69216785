package dev.reslab.analysis.explain;

/**
 * How well a map points at what the model uses, by deleting what the map ranks highest.
 *
 * @param fractions the deleted fractions of pixels, 0 … 1 ascending
 * @param probabilities the target's probability with that fraction deleted
 * @param deletionAuc area under probability against deleted fraction (trapezoids over [0, 1]):
 *     lower is more faithful — the probability falls as soon as the map's top pixels go
 * @param topFraction the fraction masked for {@code confidenceDrop}
 * @param confidenceDrop the target's probability on the image minus with the map's top {@code
 *     topFraction} masked: higher is more faithful
 */
public record FaithfulnessScore(
    double[] fractions,
    double[] probabilities,
    double deletionAuc,
    double topFraction,
    double confidenceDrop) {}
