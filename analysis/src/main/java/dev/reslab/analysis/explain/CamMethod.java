package dev.reslab.analysis.explain;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The CAM methods built in, by name; each is a {@link CamWeighting}. */
public enum CamMethod implements CamWeighting {
  /** Grad-CAM: {@link GradCamWeighting}. */
  GRAD_CAM(new GradCamWeighting()),
  /** Grad-CAM++: {@link GradCamPlusPlusWeighting}. */
  GRAD_CAM_PLUS_PLUS(new GradCamPlusPlusWeighting());

  private final CamWeighting weighting;

  CamMethod(CamWeighting weighting) {
    this.weighting = weighting;
  }

  /** {@code gradcam} or {@code gradcam++} (also {@code grad-cam}, {@code gradcampp}). */
  public static CamMethod parse(String text) {
    String t =
        text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return switch (t) {
      case "gradcam" -> GRAD_CAM;
      case "gradcam++", "gradcampp", "gradcamplusplus" -> GRAD_CAM_PLUS_PLUS;
      default ->
          throw new IllegalArgumentException(
              "unknown method '" + text + "'; expected gradcam or gradcam++");
    };
  }

  @Override
  public Operand<TFloat32> channelWeights(Ops tf, Operand<TFloat32> a, Operand<TFloat32> g) {
    return weighting.channelWeights(tf, a, g);
  }

  @Override
  public String label() {
    return weighting.label();
  }

  @Override
  public String toString() {
    return label();
  }
}
