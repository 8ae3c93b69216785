package dev.reslab.analysis.explain;

import java.util.Locale;

/** How the channel weights of a class-activation map are taken from the gradients. */
public enum CamMethod {
  /** Grad-CAM (Selvaraju et al. 2017): the spatial mean of the gradient per channel. */
  GRAD_CAM,
  /**
   * Grad-CAM++ (Chattopadhay et al. 2018): per-position coefficients g² / (2g² + ΣA·g³) times the positive gradient,
   * summed over positions (the closed form for an exponential of the score, as in the paper's reference code).
   */
  GRAD_CAM_PLUS_PLUS;

  /** {@code gradcam} or {@code gradcam++} (also {@code grad-cam}, {@code gradcampp}). */
  public static CamMethod parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return switch (t) {
      case "gradcam" -> GRAD_CAM;
      case "gradcam++", "gradcampp", "gradcamplusplus" -> GRAD_CAM_PLUS_PLUS;
      default -> throw new IllegalArgumentException("unknown method '" + text + "'; expected gradcam or gradcam++");
    };
  }

  @Override
  public String toString() {
    return this == GRAD_CAM ? "gradcam" : "gradcam++";
  }
}
