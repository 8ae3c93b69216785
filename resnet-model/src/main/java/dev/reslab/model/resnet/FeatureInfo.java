package dev.reslab.model.resnet;

/**
 * A feature map a {@link ResNet} offers for taps (explanations, activations, feature extraction),
 * as timm's {@code feature_info}: recorded while the network is built, so no caller guesses names
 * or shapes.
 *
 * @param name the layer whose output this is ({@code relu} for the stem, {@code layer1} … for
 *     stages)
 * @param stage 0 for the stem, 1… for the residual stages
 * @param channels channels of the output
 * @param reduction how many input pixels one output position spans per side (the cumulative
 *     stride): an input of H×W gives an output of H/reduction × W/reduction when H and W are
 *     multiples of it
 */
public record FeatureInfo(String name, int stage, int channels, int reduction) {

  public FeatureInfo {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a feature needs a layer name");
    }
    if (stage < 0 || channels < 1 || reduction < 1) {
      throw new IllegalArgumentException(
          "feature '"
              + name
              + "': stage must be >= 0, channels and reduction >= 1; "
              + "got stage "
              + stage
              + ", "
              + channels
              + " channels, reduction "
              + reduction);
    }
  }

  /** Whether this is a residual stage (not the stem): the usual Grad-CAM layers. */
  public boolean isStage() {
    return stage > 0;
  }
}
