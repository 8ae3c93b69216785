package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.PipelineFetcher.Batch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ImageFolderDatasetTest {
  @TempDir Path tmp;

  /** Writes a random RGB (or grayscale) PNG and returns it. */
  static BufferedImage writePng(Path file, int h, int w, boolean gray, long seed)
      throws IOException {
    BufferedImage img =
        new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gray) {
          img.getRaster().setSample(x, y, 0, r.nextInt(256));
        } else {
          img.setRGB(x, y, r.nextInt(1 << 24));
        }
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return img;
  }

  static int channel(BufferedImage img, int y, int x, int c) {
    if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return img.getRaster().getSample(x, y, 0);
    }
    return (img.getRGB(x, y) >> (16 - 8 * c)) & 0xff;
  }

  @Test
  void pngFolderGivesExactPixelsWithSortedClassLabels() throws IOException {
    Map<String, BufferedImage> written = new HashMap<>();
    written.put("dog/b.png", writePng(tmp.resolve("dog/b.png"), 16, 16, false, 1));
    written.put("dog/a.png", writePng(tmp.resolve("dog/a.png"), 16, 16, false, 2));
    written.put("cat/z.png", writePng(tmp.resolve("cat/z.png"), 16, 16, true, 3));
    Files.writeString(tmp.resolve("cat/notes.txt"), "ignored: not an image name");
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 0);
    assertEquals(List.of("cat", "dog"), data.info().labelNames());
    assertEquals(16, data.info().height());
    assertEquals(3, data.info().examples());
    List<String> order = List.of("cat/z.png", "dog/a.png", "dog/b.png");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.evaluation(8).toBuilder().normalization(Normalization.NONE).build());
      Batch b = PipelineFetcher.epoch(s, p, 0).get(0);
      assertArrayEquals(new float[] {1, 0}, b.labels()[0]);
      assertArrayEquals(new float[] {0, 1}, b.labels()[1]);
      for (int i = 0; i < 3; i++) {
        BufferedImage img = written.get(order.get(i));
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 16; x++) {
            for (int c = 0; c < 3; c++) {
              assertEquals(
                  channel(img, y, x, c),
                  b.images()[i][y][x][c] * 255f,
                  1e-3f,
                  order.get(i) + " " + y + "," + x + "," + c);
            }
          }
        }
      }
    }
  }

  @Test
  void givenClassListSetsLabelOrderAndResizesToTheRequestedSize() throws IOException {
    writePng(tmp.resolve("a/1.png"), 40, 60, false, 1);
    writePng(tmp.resolve("b/1.png"), 20, 20, false, 2);
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of("b", "a"), 24);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), PipelineOptions.evaluation(8));
      Batch b = PipelineFetcher.epoch(s, p, 0).get(0);
      assertEquals(24, b.images()[0].length);
      assertEquals(24, b.images()[1][0].length);
      assertArrayEquals(
          new float[] {1, 0}, b.labels()[0], "b/1.png is class 0 (first in the given list)");
      assertArrayEquals(new float[] {0, 1}, b.labels()[1]);
    }
  }

  @Test
  void badFoldersAreOneLineErrors() throws IOException {
    assertEquals(
        "image folder " + tmp.resolve("nope") + " does not exist",
        assertThrows(
                DataException.class,
                () -> ImageFolderDataset.open(tmp.resolve("nope"), List.of(), 0))
            .getMessage());
    assertEquals(
        "image folder " + tmp + " has no class sub-folders (expected <root>/<class>/<image>)",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
    writePng(tmp.resolve("a/1.png"), 8, 8, false, 1);
    Files.createDirectories(tmp.resolve("b"));
    assertEquals(
        "class folder " + tmp.resolve("b") + " has no JPEG or PNG images",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
    assertEquals(
        "class folder " + tmp.resolve("c") + " does not exist",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of("a", "c"), 0))
            .getMessage());
    Files.writeString(tmp.resolve("b/fake.jpg"), "<html>not found</html>");
    assertEquals(
        "image "
            + tmp.resolve("b/fake.jpg")
            + " is not a JPEG, PNG, BMP or GIF file (starts with 3c68746d)",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
    Files.write(tmp.resolve("b/fake.jpg"), new byte[0]);
    assertEquals(
        "image " + tmp.resolve("b/fake.jpg") + " is not a JPEG, PNG, BMP or GIF file (empty)",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
  }

  @Test
  void cutShortImagesAreFoundBeforeTensorFlowReadsThem() throws IOException {
    writePng(tmp.resolve("a/ok.png"), 8, 8, false, 1);
    Path png = tmp.resolve("a/cut.png");
    writePng(png, 40, 40, false, 2);
    byte[] bytes = Files.readAllBytes(png);
    Files.write(png, Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(
        "image " + png + " is cut short (no PNG IEND chunk); replace the file",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
    Files.delete(png);
    Path jpg = tmp.resolve("a/cut.jpg");
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(1);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    ImageIO.write(img, "jpg", jpg.toFile());
    ImageFolderDataset.open(tmp, List.of(), 0); // whole: fine
    bytes = Files.readAllBytes(jpg);
    Files.write(jpg, Arrays.copyOf(bytes, bytes.length - 200));
    assertEquals(
        "image " + jpg + " is cut short (no JPEG end-of-image marker); replace the file",
        assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp, List.of(), 0))
            .getMessage());
  }

  /**
   * JPEG, RGB, RGBA, grey and 16-bit PNGs of one size in one folder (no resizing): a training
   * pipeline decodes each to 3 channels with ImageIO's pixels (alpha dropped, grey replicated, 16
   * bits cut to 8).
   */
  @Test
  void mixedFormatsAndChannelCountsDecodeToRgbWithoutResizing() throws IOException {
    Random r = new Random(4);
    for (int i = 0; i < 3; i++) {
      BufferedImage jpg = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          jpg.setRGB(x, y, r.nextInt(1 << 24));
        }
      }
      Files.createDirectories(tmp.resolve("cat"));
      ImageIO.write(jpg, "jpg", tmp.resolve("cat/j" + i + ".jpg").toFile());
    }
    BufferedImage rgba = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    BufferedImage deep = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        rgba.setRGB(x, y, r.nextInt());
        deep.getRaster().setSample(x, y, 0, r.nextInt(65536));
      }
    }
    Files.createDirectories(tmp.resolve("dog"));
    ImageIO.write(rgba, "png", tmp.resolve("dog/a.png").toFile());
    ImageIO.write(deep, "png", tmp.resolve("dog/d.png").toFile());
    BufferedImage rgb = writePng(tmp.resolve("dog/r.png"), 32, 32, false, 5);
    BufferedImage gray = writePng(tmp.resolve("dog/g.png"), 32, 32, true, 6);
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 0);
    assertEquals(32, data.info().height());
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.training(8, 1).toBuilder()
                  .shuffle(false)
                  .augment(false)
                  .normalization(Normalization.NONE)
                  .build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 1);
      assertEquals(1, batches.size());
      float[][][][] images = batches.get(0).images();
      assertEquals(7, images.length);
      // files in order: cat/j0..j2.jpg, dog/a.png, dog/d.png, dog/g.png, dog/r.png
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(
                (rgba.getRGB(x, y) >> (16 - 8 * c)) & 0xff,
                images[3][y][x][c] * 255f,
                1e-3f,
                "RGBA");
            assertEquals(
                deep.getRaster().getSample(x, y, 0) / 257f,
                images[4][y][x][c] * 255f,
                1f,
                "16-bit");
            assertEquals(channel(gray, y, x, 0), images[5][y][x][c] * 255f, 1e-3f, "grey");
            assertEquals(channel(rgb, y, x, c), images[6][y][x][c] * 255f, 1e-3f, "RGB");
          }
        }
      }
    }
  }

  /**
   * A JPEG whose header and end marker are fine but whose data is not fails mid-epoch; the data set
   * names it.
   */
  @Test
  void corruptImageMetMidEpochIsNamed() throws IOException {
    for (int i = 0; i < 5; i++) {
      writePng(tmp.resolve("a/" + i + ".png"), 16, 16, false, i);
    }
    Path bad = tmp.resolve("b/bad.jpg");
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Files.createDirectories(bad.getParent());
    ImageIO.write(img, "jpg", bad.toFile());
    byte[] bytes = Files.readAllBytes(bad);
    byte[] broken = new byte[bytes.length];
    System.arraycopy(bytes, 0, broken, 0, 2);
    Arrays.fill(broken, 2, bytes.length - 2, (byte) 0x41); // no SOF, no tables, no scan
    broken[bytes.length - 2] = (byte) 0xFF;
    broken[bytes.length - 1] = (byte) 0xD9;
    broken[2] = (byte) 0xFF;
    Files.write(bad, broken);
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 16);
    RuntimeException failure;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), PipelineOptions.training(4, 1));
      failure = assertThrows(RuntimeException.class, () -> PipelineFetcher.epoch(s, p, 1));
    }
    DataException named = data.explainFailure(failure).orElseThrow();
    assertTrue(
        named.getMessage().startsWith("image " + bad + " cannot be decoded ("), named.getMessage());
    assertTrue(named.getMessage().endsWith("); replace or remove the file"), named.getMessage());
    assertEquals(named.getMessage(), ImageDataset.explained(failure, null, data).getMessage());
    IllegalStateException other = new IllegalStateException("not TensorFlow's");
    assertEquals(other, ImageDataset.explained(other, data));
  }

  @Test
  void headerSizesAgreeWithImageIo() throws IOException {
    Path root = TestData.real("imagenet/sample-v2-layout");
    int found = 0;
    for (Path f : ImageNetV2Dataset.open(root).files()) {
      int[] hw = ImageFiles.checkSignature(f);
      if (hw != null) {
        found++;
        assertArrayEquals(ImageFiles.size(f), hw, f.toString());
      }
    }
    assertTrue(found >= 90, "sizes found in the first 4 KB of " + found + " of 100 photos");
    writePng(tmp.resolve("p.png"), 7, 5, false, 1);
    assertArrayEquals(new int[] {7, 5}, ImageFiles.checkSignature(tmp.resolve("p.png")));
  }

  @Test
  void splitFoldersAndTarArchives() throws IOException {
    writePng(tmp.resolve("d/train/x/1.png"), 8, 8, false, 1);
    assertEquals(
        tmp.resolve("d/train"), ImageFolderDataset.splitFolder(tmp.resolve("d"), Split.TRAIN));
    assertEquals(
        "no test folder or test.tar in " + tmp.resolve("d"),
        assertThrows(
                DataException.class,
                () -> ImageFolderDataset.splitFolder(tmp.resolve("d"), Split.TEST))
            .getMessage());
    writePng(tmp.resolve("flat/x/1.png"), 8, 8, false, 1);
    assertEquals(
        tmp.resolve("flat"), ImageFolderDataset.splitFolder(tmp.resolve("flat"), Split.TEST));
  }

  @Test
  void cifarJpegTestSetHas10000ImagesAndDecodes() {
    Path jpeg = TestData.real("cifar10/jpeg");
    TestData.useBuildCache();
    ImageDataset data = Datasets.open("cifar10-jpeg", jpeg, Split.TEST);
    assertEquals(10_000, data.info().examples());
    assertEquals(Cifar10Dataset.DEFAULT_CLASSES, data.info().labelNames());
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.evaluation(500).toBuilder()
                  .limit(Limit.seededSubset(1000, 1))
                  .labelFormat(LabelFormat.CLASS_ID)
                  .build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(1000, PipelineFetcher.count(batches));
      assertEquals(32, batches.get(0).images()[0].length);
    }
  }

  @Test
  void cifarJpegTrainSetHas5000ImagesPerClass() {
    Path jpeg = TestData.real("cifar10/jpeg");
    TestData.useBuildCache();
    ImageFolderDataset data = (ImageFolderDataset) Datasets.open("cifar10-jpeg", jpeg, Split.TRAIN);
    assertEquals(50_000, data.info().examples());
    int[] counts = new int[10];
    for (int i = 0; i < data.files().size(); i++) {
      counts[data.label(i)]++;
    }
    assertArrayEquals(
        new int[] {5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000}, counts);
    // ... and the pipeline delivers all of them, shuffled and augmented, once per epoch
    int[] delivered = new int[10];
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.training(500, 3).toBuilder()
                  .labelFormat(LabelFormat.CLASS_ID)
                  .build());
      p.startEpoch(s, 1);
      while (true) {
        try (Result r = s.runner().fetch(p.labels()).run()) {
          TFloat32 ids = (TFloat32) r.get(0);
          for (long i = 0; i < ids.shape().get(0); i++) {
            delivered[(int) ids.getFloat(i)]++;
          }
        } catch (TFOutOfRangeException end) {
          break;
        }
      }
    }
    assertArrayEquals(counts, delivered);
  }
}
