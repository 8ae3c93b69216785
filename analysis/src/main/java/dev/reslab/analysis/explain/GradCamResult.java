package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.model.resnet.Head;
import java.util.Arrays;
import java.util.List;

/**
 * Class-activation maps of a batch for several layers.
 *
 * @param method how the channels were weighted: Grad-CAM, Grad-CAM++ or another {@link
 *     CamWeighting}
 * @param layers the layers, in the order of {@code maps}
 * @param head the model's head (for target labels)
 * @param images the images explained, pixels in [0, 1]
 * @param targets each image's target, resolved (the predicted class filled in)
 * @param predicted each image's predicted output
 * @param probabilities [N, K] probabilities, row-major
 * @param targetProbabilities each image's probability of its target (1 − p for negative evidence)
 * @param maps per layer: [N, H, W] maps upsampled to the input size, row-major, not normalised
 * @param rawMaps per layer: [N, h, w] maps at the layer's resolution
 * @param rawShapes per layer: the shape of its raw maps
 */
public record GradCamResult(
    CamWeighting method,
    List<String> layers,
    Head head,
    ImageBatch images,
    List<Target.Resolved> targets,
    int[] predicted,
    float[] probabilities,
    float[] targetProbabilities,
    List<float[]> maps,
    List<float[]> rawMaps,
    List<long[]> rawShapes) {

  public GradCamResult {
    layers = List.copyOf(layers);
    targets = List.copyOf(targets);
    maps = List.copyOf(maps);
    rawMaps = List.copyOf(rawMaps);
    rawShapes = List.copyOf(rawShapes);
  }

  /** The upsampled map of the named layer for image {@code image}: H × W values. */
  public float[] map(String layer, int image) {
    return map(layerIndex(layer), image);
  }

  private int layerIndex(String layer) {
    int i = layers.indexOf(layer);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no map of layer '" + layer + "'; maps were made for " + String.join(", ", layers));
    }
    return i;
  }

  /**
   * The upsampled map of {@code layer} (index into {@link #layers()}) for image {@code image}: H ×
   * W values.
   */
  public float[] map(int layer, int image) {
    int size = images.height() * images.width();
    return Arrays.copyOfRange(maps.get(layer), image * size, (image + 1) * size);
  }

  /** The map of the named layer at its own resolution: h × w values. */
  public float[] rawMap(String layer, int image) {
    return rawMap(layerIndex(layer), image);
  }

  /** The map at the layer's own resolution: h × w values, see {@link #rawShapes()}. */
  public float[] rawMap(int layer, int image) {
    long[] s = rawShapes.get(layer);
    int size = (int) (s[1] * s[2]);
    return Arrays.copyOfRange(rawMaps.get(layer), image * size, (image + 1) * size);
  }

  /** The named layer's upsampled map scaled to [0, 1] by its maximum: for overlays and masking. */
  public float[] normalizedMap(String layer, int image) {
    return normalizedMap(layerIndex(layer), image);
  }

  /**
   * The upsampled map scaled to [0, 1] by its maximum (all zeros stay zeros): for overlays and
   * masking.
   */
  public float[] normalizedMap(int layer, int image) {
    return Heatmaps.scaleToUnit(map(layer, image));
  }
}
