package dev.reslab.analysis.explain;

/**
 * The occlusion sensitivity of one image.
 *
 * @param target the target followed, resolved
 * @param probability the target's probability on the unoccluded image
 * @param rows patch positions down (the grid's height)
 * @param columns patch positions across (the grid's width)
 * @param drops [rows, columns]: probability without occlusion minus with the patch at that position
 * @param heatmap [H, W]: each pixel's mean drop over the patch positions covering it
 */
public record OcclusionMap(
    Target.Resolved target,
    float probability,
    int rows,
    int columns,
    float[] drops,
    int height,
    int width,
    float[] heatmap) {}
