package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.PipelineFetcher.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class Cifar10DatasetTest {
  @TempDir Path tmp;

  /**
   * Writes a CIFAR binary file of {@code labels.length} records with random pixels; returns the
   * bytes.
   */
  static byte[] writeBatch(Path file, int[] labels, long seed) throws IOException {
    byte[] bytes = new byte[labels.length * Cifar10Dataset.RECORD_BYTES];
    new Random(seed).nextBytes(bytes);
    for (int i = 0; i < labels.length; i++) {
      bytes[i * Cifar10Dataset.RECORD_BYTES] = (byte) labels[i];
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return bytes;
  }

  /** Pixel (y, x, c) of record r as the file stores it: R, G, B planes of 32×32. */
  static int pixel(byte[] file, int r, int y, int x, int c) {
    return file[r * Cifar10Dataset.RECORD_BYTES + 1 + c * 1024 + y * 32 + x] & 0xff;
  }

  @Test
  void realTestBatchMatchesOfficialLabelsAndFileBytes() throws IOException {
    Path bin = TestData.real("cifar10/cifar-10-batches-bin");
    List<String> official = Files.readAllLines(bin.getParent().resolve("test_labels_all10000.txt"));
    byte[] file = Files.readAllBytes(bin.resolve("test_batch.bin"));
    ImageDataset data = Datasets.open("cifar10", bin.getParent(), Split.TEST);
    assertEquals(932, data.info().examples());
    assertEquals("airplane", data.info().labelNames().get(0));
    assertEquals("truck", data.info().labelNames().get(9));
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.evaluation(100).toBuilder()
                  .normalization(Normalization.NONE)
                  .build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(932, PipelineFetcher.count(batches));
      int r = 0;
      for (Batch b : batches) {
        for (int i = 0; i < b.images().length; i++, r++) {
          int label = Integer.parseInt(official.get(r).trim());
          assertEquals(1f, b.labels()[i][label], "record " + r);
          assertEquals(1f, sum(b.labels()[i]));
          for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
              for (int c = 0; c < 3; c++) {
                assertEquals(
                    pixel(file, r, y, x, c),
                    Math.round(b.images()[i][y][x][c] * 255f),
                    "record " + r + " pixel " + y + "," + x + "," + c);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void trainSplitReadsAllFiveBatchesInOrderAndNormalises() throws IOException {
    List<byte[]> files = new ArrayList<>();
    for (int f = 1; f <= 5; f++) {
      files.add(
          writeBatch(
              tmp.resolve("cifar-10-batches-bin/data_batch_" + f + ".bin"),
              new int[] {f, 9 - f, 0},
              f));
    }
    Cifar10Dataset data = Cifar10Dataset.open(tmp, Split.TRAIN);
    assertEquals(15, data.info().examples());
    assertEquals(
        Cifar10Dataset.DEFAULT_CLASSES,
        data.info().labelNames(),
        "no batches.meta.txt: default names");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.evaluation(4).toBuilder().labelFormat(LabelFormat.CLASS_ID).build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(List.of(4, 4, 4, 3), batches.stream().map(b -> b.images().length).toList());
      float[] ids = new float[15];
      float[][][][] images = new float[15][][][];
      int k = 0;
      for (Batch b : batches) {
        for (int i = 0; i < b.images().length; i++, k++) {
          ids[k] = b.labels()[0][i];
          images[k] = b.images()[i];
        }
      }
      assertArrayEquals(new float[] {1, 8, 0, 2, 7, 0, 3, 6, 0, 4, 5, 0, 5, 4, 0}, ids);
      // CIFAR-10 mean/std by default
      float[] mean = Normalization.CIFAR10.mean();
      float[] std = Normalization.CIFAR10.std();
      for (int c = 0; c < 3; c++) {
        float expected = (pixel(files.get(2), 1, 5, 7, c) / 255f - mean[c]) / std[c];
        assertEquals(expected, images[7][5][7][c], 1e-5f);
      }
    }
  }

  @Test
  void augmentationIsAPaddedCropWithOptionalFlipAndDeterministic() throws IOException {
    byte[] file = writeBatch(tmp.resolve("test_batch.bin"), new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 3);
    Cifar10Dataset data = Cifar10Dataset.open(tmp, Split.TEST);
    PipelineOptions opts =
        PipelineOptions.builder()
            .batchSize(8)
            .augment(true)
            .seed(11)
            .normalization(Normalization.NONE)
            .labelFormat(LabelFormat.CLASS_ID)
            .build();
    float[][][][] first;
    float[][][][] again;
    float[][][][] otherEpoch;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), opts);
      first = PipelineFetcher.epoch(s, p, 0).get(0).images();
      again = PipelineFetcher.epoch(s, p, 0).get(0).images();
      otherEpoch = PipelineFetcher.epoch(s, p, 1).get(0).images();
    }
    assertTrue(Arrays.deepEquals(first, again), "same epoch, same augmentation");
    assertFalse(Arrays.deepEquals(first, otherEpoch), "another epoch, another augmentation");
    int changed = 0;
    for (int r = 0; r < 8; r++) {
      int[] found = matchCrop(file, r, first[r]);
      assertTrue(found != null, "record " + r + " is not a padded crop/flip of the original");
      if (found[0] != 4 || found[1] != 4 || found[2] == 1) {
        changed++;
      }
    }
    assertTrue(changed >= 4, "augmentation changed only " + changed + " of 8 images");
  }

  /**
   * Finds (dy, dx, flip) such that img = crop of the zero-padded original at (dy, dx), flipped or
   * not.
   */
  private static int[] matchCrop(byte[] file, int r, float[][][] img) {
    for (int flip = 0; flip < 2; flip++) {
      for (int dy = 0; dy <= 8; dy++) {
        for (int dx = 0; dx <= 8; dx++) {
          boolean ok = true;
          for (int y = 0; y < 32 && ok; y++) {
            for (int x = 0; x < 32 && ok; x++) {
              int sx = flip == 1 ? 31 - x : x; // flip is applied after cropping
              int py = y + dy - 4;
              int px = sx + dx - 4;
              for (int c = 0; c < 3 && ok; c++) {
                int expected =
                    py < 0 || py >= 32 || px < 0 || px >= 32 ? 0 : pixel(file, r, py, px, c);
                ok = expected == Math.round(img[y][x][c] * 255f);
              }
            }
          }
          if (ok) {
            return new int[] {dy, dx, flip};
          }
        }
      }
    }
    return null;
  }

  @Test
  void seededSubsetIsStableAndFirstNIsAPrefix() throws IOException {
    int[] labels = new int[40];
    for (int i = 0; i < 40; i++) {
      labels[i] = i % 10;
    }
    writeBatch(tmp.resolve("test_batch.bin"), labels, 4);
    Cifar10Dataset data = Cifar10Dataset.open(tmp, Split.TEST);
    PipelineOptions subset =
        PipelineOptions.builder()
            .batchSize(64)
            .limit(Limit.seededSubset(12, 5))
            .labelFormat(LabelFormat.CLASS_ID)
            .build();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      DataPipeline a = data.pipeline(tf, subset);
      DataPipeline b = data.pipeline(tf, subset.toBuilder().shuffle(true).build());
      DataPipeline first = data.pipeline(tf, subset.toBuilder().limit(Limit.first(12)).build());
      assertEquals(12, a.examples());
      float[] e0 = PipelineFetcher.epoch(s, a, 0).get(0).labels()[0];
      float[] e1 = PipelineFetcher.epoch(s, a, 1).get(0).labels()[0];
      assertArrayEquals(e0, e1, "same subset and order every epoch without shuffling");
      float[] shuffled = PipelineFetcher.epoch(s, b, 3).get(0).labels()[0];
      assertEquals(12, shuffled.length);
      assertArrayEquals(sorted(e0), sorted(shuffled), "shuffling keeps the subset");
      assertArrayEquals(
          new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1},
          PipelineFetcher.epoch(s, first, 0).get(0).labels()[0]);
    }
  }

  @Test
  void sizeNotAMultipleOfTheRecordIsAnErrorNamingTheFile() throws IOException {
    Path f = tmp.resolve("test_batch.bin");
    Files.write(f, new byte[Cifar10Dataset.RECORD_BYTES * 2 + 100]);
    DataException e = assertThrows(DataException.class, () -> Cifar10Dataset.open(tmp, Split.TEST));
    assertEquals(
        f
            + ": size 6246 bytes is not a whole number of 3073-byte CIFAR-10 records (2 records and 100 "
            + "bytes left over)",
        e.getMessage());
    Files.write(f, new byte[0]);
    assertEquals(
        f + " is empty (expected records of 3073 bytes: 1 label byte + 3072 pixel bytes)",
        assertThrows(DataException.class, () -> Cifar10Dataset.open(tmp, Split.TEST)).getMessage());
  }

  @Test
  void labelOutsideZeroToNineIsAnErrorNamingFileAndRecord() throws IOException {
    Path f = tmp.resolve("test_batch.bin");
    writeBatch(f, new int[] {1, 2, 3, 12, 4}, 1);
    DataException e = assertThrows(DataException.class, () -> Cifar10Dataset.open(tmp, Split.TEST));
    assertEquals(f + ": record 3 has label 12; expected 0-9", e.getMessage());
  }

  @Test
  void missingBatchFileIsAnErrorNamingIt() throws IOException {
    for (int i = 1; i <= 4; i++) {
      writeBatch(tmp.resolve("data_batch_" + i + ".bin"), new int[] {1}, i);
    }
    DataException e =
        assertThrows(DataException.class, () -> Cifar10Dataset.open(tmp, Split.TRAIN));
    assertEquals(
        "missing CIFAR-10 batch file "
            + tmp.resolve("data_batch_5.bin")
            + " (expected records of 3073 bytes: 1 label byte + 3072 pixel bytes)",
        e.getMessage());
    assertThrows(DataException.class, () -> Cifar10Dataset.open(tmp, Split.VALID));
  }

  private static float sum(float[] v) {
    float s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }

  private static float[] sorted(float[] v) {
    float[] c = v.clone();
    Arrays.sort(c);
    return c;
  }
}
