package dev.reslab.analysis.inputs;

import dev.reslab.data.Normalization;
import dev.reslab.data.image.ImagePreprocessor;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.model.resnet.Stem;
import java.nio.file.Path;
import java.util.List;

/** Image files as one batch of [0, 1] pixels at a model's input size. */
public final class ImageFilesInput {
  private ImageFilesInput() {}

  /**
   * The evaluation transform for a model of {@code stem}: a CIFAR stem resizes to 32×32; an
   * ImageNet stem resizes the shorter side to 256 and crops the centre 224×224.
   */
  public static ImageTransform transformFor(Stem stem) {
    return stem == Stem.CIFAR
        ? ImageTransform.resize(32, 32)
        : ImageTransform.shorterSideThenCenterCrop(256, 224);
  }

  /** Loads {@code files} with {@code transform}, pixels / 255 and nothing else. */
  public static ImageBatch load(List<Path> files, ImageTransform transform) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no image files given");
    }
    float[] px = new ImagePreprocessor(transform, Normalization.NONE).loadNhwc(files);
    for (int i = 0; i < px.length; i++) {
      px[i] = Math.min(1f, Math.max(0f, px[i]));
    }
    return new ImageBatch(px, files.size(), transform.height(), transform.width(), 3);
  }
}
