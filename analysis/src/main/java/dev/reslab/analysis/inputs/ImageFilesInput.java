package dev.reslab.analysis.inputs;

import dev.reslab.data.Normalization;
import dev.reslab.data.image.ImagePreprocessor;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Image files as one batch of [0, 1] pixels at a model's input size. */
public final class ImageFilesInput {
  private ImageFilesInput() {}

  /**
   * The side a run's images had in training: its recorded {@code imageSize}, else 64 for CelebA,
   * else the stem's usual input (32 for a CIFAR stem, 224 for an ImageNet one).
   *
   * @param data the run's recorded data description (empty for an imported run)
   */
  public static int runInputSize(ResNetConfig model, Map<String, Object> data) {
    return RunConfig.inputSize(model, data); // the export records the same size
  }

  /**
   * How a run's evaluation saw its images, for image files at the size it trained at: CelebA's
   * aligned face centre-cropped to a square and resized (the whole square, as CelebA's pipeline
   * evaluates), an image folder's shorter side resized and the centre cropped, else {@link
   * #transformFor}. The 256/224 zoom of ImageNet evaluation would show a CelebA model at 224 only
   * the central 87.5 % of the face it was trained on.
   *
   * @param data the run's recorded data description (empty for an imported run)
   */
  public static ImageTransform runTransform(ResNetConfig model, Map<String, Object> data) {
    int side = runInputSize(model, data);
    Object dataset = data.get("dataset");
    if ("celeba".equals(dataset)) {
      return ImageTransform.centerSquareThenResize(side);
    }
    if ("folder".equals(dataset) || "cifar10-jpeg".equals(dataset)) {
      return ImageTransform.shorterSideThenCenterCrop(side, side);
    }
    return transformFor(side, side);
  }

  /**
   * The evaluation transform to {@code height}×{@code width}: ImageNet-size squares (224 and up)
   * resize the shorter side to side × 256/224 and crop the centre, as ImageNet evaluation does;
   * smaller inputs resize the whole image (as an export's signature does).
   */
  public static ImageTransform transformFor(int height, int width) {
    return height >= 224 && height == width
        ? ImageTransform.shorterSideThenCenterCrop(height * 256 / 224, height)
        : ImageTransform.resize(height, width);
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
