/**
 * Explanations of a trained model's decisions on single images: Grad-CAM and Grad-CAM++ for any set
 * of named layers from one forward and backward pass ({@link dev.reslab.analysis.explain.GradCam}),
 * occlusion sensitivity ({@link dev.reslab.analysis.explain.Occlusion}), a faithfulness score per
 * map ({@link dev.reslab.analysis.explain.Faithfulness}: deletion AUC and the confidence drop when
 * the top-k % is masked), activation grids and filter tiles.
 *
 * <p>Everything works on {@link dev.reslab.analysis.explain.ExplainableModel}, which takes pixels
 * in [0, 1] and applies the model's input normalisation inside the graph, so maps, overlays and
 * occluded copies all live in the same pixel space as the images shown. Targets ({@link
 * dev.reslab.analysis.explain.Target}) are the predicted class, a given class, or for a sigmoid
 * head an attribute's positive or negative evidence.
 */
package dev.reslab.analysis.explain;
