package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class ImagePreprocessorTest {
  @TempDir Path tmp;

  @Test
  void pngGivesTheSamePixelsAsThePipeline() throws IOException {
    ImageFolderDatasetTest.writePng(tmp.resolve("a/rgb.png"), 30, 45, false, 1);
    ImageFolderDatasetTest.writePng(tmp.resolve("b/gray.png"), 50, 20, true, 2);
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 24);
    ImagePreprocessor pre = ImagePreprocessor.of(data);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      float[][][][] batch =
          PipelineFetcher.epoch(s, data.pipeline(Ops.create(g), PipelineOptions.evaluation(2)), 0)
              .get(0)
              .images();
      for (int i = 0; i < 2; i++) {
        float[][][] single = pre.load(data.files().get(i));
        assertEquals(24, single.length);
        for (int y = 0; y < 24; y++) {
          for (int x = 0; x < 24; x++) {
            for (int c = 0; c < 3; c++) {
              assertEquals(
                  batch[i][y][x][c],
                  single[y][x][c],
                  1e-4f,
                  data.files().get(i) + " " + y + "," + x);
            }
          }
        }
      }
    }
  }

  @Test
  void grayscalePixelsAreCopiedNotGammaCorrected() throws IOException {
    BufferedImage img = ImageFolderDatasetTest.writePng(tmp.resolve("g.png"), 4, 4, true, 3);
    ImagePreprocessor.RgbImage rgb = ImagePreprocessor.readRgb(tmp.resolve("g.png"));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int v = img.getRaster().getSample(x, y, 0);
        for (int c = 0; c < 3; c++) {
          assertEquals(v, rgb.value((y * 4 + x) * 3 + c));
        }
      }
    }
  }

  @Test
  void imagenetSampleMatchesThePipelineAndTheTorchvisionReference() throws IOException {
    Path root = TestData.real("imagenet/sample-v2-layout");
    float[] reference =
        TestData.readNpyFloats(
            TestData.real("weights/torchvision-resnet18/resnet18-seed0-input-nhwc.npy"));
    ImageNetV2Dataset data = ImageNetV2Dataset.open(root);
    ImagePreprocessor pre = ImagePreprocessor.of(data);
    float[] flat = pre.loadNhwc(data.files().subList(0, 4));
    assertEquals(reference.length, flat.length);
    double diff = 0;
    for (int i = 0; i < flat.length; i++) {
      diff += Math.abs(flat[i] - reference[i]);
    }
    assertTrue(diff / flat.length < 0.03, "mean difference to torchvision " + diff / flat.length);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      float[][][][] batch =
          PipelineFetcher.epoch(
                  s,
                  data.pipeline(
                      Ops.create(g), PipelineOptions.evaluation(4).toBuilder().limit(4).build()),
                  0)
              .get(0)
              .images();
      double d = 0;
      int k = 0;
      for (float[][][] im : batch) {
        for (float[][] row : im) {
          for (float[] px : row) {
            for (float v : px) {
              d += Math.abs(v - flat[k++]);
            }
          }
        }
      }
      // Only the JPEG decoders differ (libjpeg-turbo in TF, the JDK's libjpeg in ImageIO).
      assertTrue(d / k < 0.03, "mean difference to the pipeline " + d / k);
    }
  }

  @Test
  void grayscaleJpegBecomesRgb() {
    Path root = TestData.real("imagenet/sample-v2-layout");
    int grayFound = 0;
    for (Path f : ImageNetV2Dataset.open(root).files()) {
      ImagePreprocessor.RgbImage img = ImagePreprocessor.readRgb(f);
      boolean allGray = true;
      for (int i = 0; i < img.pixels().length && allGray; i += 3) {
        allGray = img.value(i) == img.value(i + 1) && img.value(i) == img.value(i + 2);
      }
      grayFound += allGray ? 1 : 0;
    }
    assertEquals(23, grayFound, "the sample has 23 grayscale photos");
  }

  /**
   * A CMYK JPEG (Adobe APP14 marker, transform 0: stored values are inverted ink, as Photoshop
   * writes them) of one colour. Expected RGB, the way TensorFlow's decoder converts: r = k·c/255, g
   * = k·m/255, b = k·y/255.
   */
  static Path writeCmykJpeg(Path file, int c, int m, int y, int k) throws IOException {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int yy = 0; yy < 16; yy++) {
      for (int x = 0; x < 16; x++) {
        r.setPixel(x, yy, new int[] {c, m, y, k});
      }
    }
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.")) {
        writer = w; // the JDK writer stores a 4-band raster's samples as they are
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(1f);
      writer.write(null, new IIOImage(r, null, null), p);
    }
    byte[] jpeg = bytes.toByteArray();
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    byte[] withMarker = new byte[jpeg.length + app14.length];
    System.arraycopy(jpeg, 0, withMarker, 0, 2);
    System.arraycopy(app14, 0, withMarker, 2, app14.length);
    System.arraycopy(jpeg, 2, withMarker, 2 + app14.length, jpeg.length - 2);
    Files.createDirectories(file.getParent());
    Files.write(file, withMarker);
    return file;
  }

  @Test
  void cmykJpegBecomesTheSameRgbInJavaAndInThePipeline() throws IOException {
    writeCmykJpeg(tmp.resolve("cls/cmyk.jpg"), 200, 120, 60, 230);
    float[] expected = {230 * 200 / 255f, 230 * 120 / 255f, 230 * 60 / 255f};
    ImagePreprocessor.RgbImage java = ImagePreprocessor.readRgb(tmp.resolve("cls/cmyk.jpg"));
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 16);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      float[][][][] tf =
          PipelineFetcher.epoch(
                  s,
                  data.pipeline(
                      Ops.create(g),
                      PipelineOptions.evaluation(1).toBuilder()
                          .normalization(Normalization.NONE)
                          .build()),
                  0)
              .get(0)
              .images();
      for (int c = 0; c < 3; c++) {
        assertEquals(expected[c], java.value((8 * 16 + 8) * 3 + c), 3f, "Java channel " + c);
        assertEquals(expected[c], tf[0][8][8][c] * 255f, 3f, "TensorFlow channel " + c);
      }
    }
  }

  @Test
  void sixteenBitGrayPngIsScaledTo8BitsLikeThePipeline() throws IOException {
    // TYPE_USHORT_GRAY: ImageIO writes a 16-bit grayscale PNG; values v * 257 read back as v.
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        img.getRaster().setSample(x, y, 0, (y * 8 + x) * 4 * 257);
      }
    }
    Files.createDirectories(tmp.resolve("cls"));
    ImageIO.write(img, "png", tmp.resolve("cls/g16.png").toFile());
    ImagePreprocessor.RgbImage java = ImagePreprocessor.readRgb(tmp.resolve("cls/g16.png"));
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 8);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      float[][][][] tf =
          PipelineFetcher.epoch(
                  s,
                  data.pipeline(
                      Ops.create(g),
                      PipelineOptions.evaluation(1).toBuilder()
                          .normalization(Normalization.NONE)
                          .build()),
                  0)
              .get(0)
              .images();
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          for (int c = 0; c < 3; c++) {
            int i = (y * 8 + x) * 3 + c;
            assertEquals((y * 8 + x) * 4, java.value(i), "Java " + y + "," + x + "," + c);
            assertEquals(java.value(i), tf[0][y][x][c] * 255f, 0.01f, "TensorFlow " + y + "," + x);
          }
        }
      }
    }
  }

  @Test
  void cutShortJpegIsRefusedAsThePipelineRefusesIt() throws IOException {
    BufferedImage img = ImageFolderDatasetTest.writePng(tmp.resolve("p.png"), 64, 64, false, 4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", bytes);
    byte[] jpeg = bytes.toByteArray();
    Path cut = tmp.resolve("cut.jpg");
    Files.write(cut, java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    // ImageIO alone decodes it, the missing half grey; the header check names it instead.
    assertTrue(ImageIO.read(cut.toFile()) != null);
    assertEquals(
        "image " + cut + " is cut short (no JPEG end-of-image marker); replace the file",
        assertThrows(DataException.class, () -> ImagePreprocessor.readRgb(cut)).getMessage());
  }

  @Test
  void badFilesAreOneLineErrors() throws IOException {
    assertEquals(
        "image file " + tmp.resolve("none.jpg") + " does not exist",
        assertThrows(DataException.class, () -> ImagePreprocessor.readRgb(tmp.resolve("none.jpg")))
            .getMessage());
    Files.writeString(tmp.resolve("x.jpg"), "hello");
    assertEquals(
        "image "
            + tmp.resolve("x.jpg")
            + " is not a JPEG, PNG, BMP or GIF file (starts with 68656c6c)",
        assertThrows(DataException.class, () -> ImagePreprocessor.readRgb(tmp.resolve("x.jpg")))
            .getMessage());
    Files.createDirectories(tmp.resolve("d.jpg"));
    assertEquals(
        "image file " + tmp.resolve("d.jpg") + " is a folder, not an image",
        assertThrows(DataException.class, () -> ImagePreprocessor.readRgb(tmp.resolve("d.jpg")))
            .getMessage());
    Files.createSymbolicLink(tmp.resolve("loop.jpg"), tmp.resolve("loop.jpg"));
    assertEquals(
        "image file " + tmp.resolve("loop.jpg") + " is a symbolic link to nothing (or to itself)",
        assertThrows(DataException.class, () -> ImagePreprocessor.readRgb(tmp.resolve("loop.jpg")))
            .getMessage());
  }
}
