package dev.reslab.data.image;

import dev.reslab.data.DataException;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.pipeline.ImageTransform;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Loads one image file as the pipelines would present it: decoded with ImageIO (TwelveMonkeys
 * registers a JPEG reader that handles CMYK/YCCK), grayscale replicated to RGB like TensorFlow's
 * decoder, then the data set's {@link ImageTransform} run by the same TF ops (eagerly) and its
 * normalisation.
 */
public final class ImagePreprocessor {
  private final ImageTransform transform;
  private final Normalization normalization;

  public ImagePreprocessor(ImageTransform transform, Normalization normalization) {
    this.transform = transform;
    this.normalization = normalization;
  }

  /** The evaluation preprocessing of {@code dataset}. */
  public static ImagePreprocessor of(ImageDataset dataset) {
    return new ImagePreprocessor(dataset.evalTransform(), dataset.info().normalization());
  }

  /** ImageNet evaluation: shorter side 256, centre crop 224, ImageNet mean/std. */
  public static ImagePreprocessor imagenet() {
    return new ImagePreprocessor(
        ImageTransform.shorterSideThenCenterCrop(256, 224), Normalization.IMAGENET);
  }

  public int height() {
    return transform.height();
  }

  public int width() {
    return transform.width();
  }

  /** [H][W][3] normalised pixels of {@code file}. */
  public float[][][] load(Path file) {
    float[] flat = preprocess(readRgb(file));
    int h = transform.height();
    int w = transform.width();
    float[][][] out = new float[h][w][3];
    int k = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[y][x][c] = flat[k++];
        }
      }
    }
    return out;
  }

  /** The files as one NHWC float array, ready for a [N, H, W, 3] tensor. */
  public float[] loadNhwc(List<Path> files) {
    int per = transform.height() * transform.width() * 3;
    float[] out = new float[files.size() * per];
    for (int i = 0; i < files.size(); i++) {
      System.arraycopy(preprocess(readRgb(files.get(i))), 0, out, i * per, per);
    }
    return out;
  }

  /** Preprocesses decoded RGB pixels ([h][w][3] bytes, flattened HWC). */
  public float[] preprocess(RgbImage image) {
    int h = transform.height();
    int w = transform.width();
    float[] out = new float[h * w * 3];
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      // Bytes, not floats, into the constant: an eager constant is one protocol buffer, limited to
      // 2 GB, which 16000x16000 RGB floats (3 GB) exceed.
      Operand<TUint8> bytes =
          tf.constant(Shape.of(image.height(), image.width(), 3), DataBuffers.of(image.pixels()));
      Operand<TFloat32> resized = transform.apply(tf, tf.dtypes.cast(bytes, TFloat32.class));
      resized
          .asTensor()
          .copyTo(NdArrays.wrap(Shape.of(h, w, 3), DataBuffers.of(out, false, false)));
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = normalization.apply(out[i], i % 3);
    }
    return out;
  }

  /** Decoded pixels, HWC, RGB, 0..255 as unsigned bytes. */
  public record RgbImage(int height, int width, byte[] pixels) {
    /** The {@code i}-th value of {@link #pixels()}, 0..255. */
    public int value(int i) {
      return pixels[i] & 0xff;
    }
  }

  /**
   * Reads {@code file} with ImageIO as RGB; grayscale is replicated to three channels, CMYK
   * converted. The file is first checked as the data pipelines check theirs ({@link ImageHeader}):
   * a cut-short JPEG or PNG, which ImageIO would decode with its missing part grey, or a header
   * claiming more pixels than TensorFlow decodes, is an error naming the file.
   */
  public static RgbImage readRgb(Path file) {
    if (Files.isDirectory(file)) {
      throw new DataException("image file " + file + " is a folder, not an image");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(
          "image file "
              + file
              + (Files.isSymbolicLink(file)
                  ? " is a symbolic link to nothing (or to itself)"
                  : " does not exist"));
    }
    ImageHeader.read(file);
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DataException("cannot decode image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new DataException(
          "image " + file + " is not in a format Java can read (expected JPEG, PNG, BMP or GIF)");
    }
    return toRgb(img);
  }

  /** RGB pixels of {@code img}, converting like TensorFlow's decoders do. */
  public static RgbImage toRgb(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(h, w), 3)];
    Raster raster = img.getRaster();
    int bands = raster.getNumBands();
    int bits = img.getColorModel().getComponentSize(0);
    boolean gray =
        img.getColorModel().getNumColorComponents() == 1
            && !(img.getColorModel() instanceof IndexColorModel);
    boolean srgb =
        img.getColorModel().getColorSpace().isCS_sRGB()
            && bands >= 3
            && !(img.getColorModel() instanceof IndexColorModel);
    int k = 0;
    if (gray && bits <= 16) {
      // Java's gray colour space is linear: getRGB() would brighten it; TensorFlow copies the value
      // to R, G and B (a 16-bit value scaled to 8 bits, as libpng does).
      int max = (1 << bits) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          byte v = (byte) Math.round(raster.getSample(x, y, 0) * 255.0 / max);
          px[k++] = v;
          px[k++] = v;
          px[k++] = v;
        }
      }
    } else if (srgb && bits == 8) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            px[k++] = (byte) raster.getSample(x, y, c);
          }
        }
      }
    } else {
      int[] rgb = new int[w];
      for (int y = 0; y < h; y++) {
        img.getRGB(0, y, w, 1, rgb, 0, w);
        for (int p : rgb) {
          px[k++] = (byte) (p >> 16);
          px[k++] = (byte) (p >> 8);
          px[k++] = (byte) p;
        }
      }
    }
    return new RgbImage(h, w, px);
  }
}
