package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.PipelineFetcher.Batch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class SyntheticDatasetTest {

  @Test
  void evaluationPipelineGivesEveryImageInOrderWithOneHotLabels() {
    SyntheticDataset data = SyntheticDataset.multiClass(7, Split.TEST, 50);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), PipelineOptions.evaluation(16));
      assertEquals(50, p.examples());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(
          List.of(16, 16, 16, 2),
          batches.stream().map(b -> b.images().length).toList(),
          "last partial batch is kept");
      int i = 0;
      for (Batch b : batches) {
        for (int j = 0; j < b.images().length; j++, i++) {
          byte[] raw = data.image(i);
          float[][][] img = b.images()[j];
          for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
              for (int c = 0; c < 3; c++) {
                float expected = ((raw[(y * 32 + x) * 3 + c] & 0xff) / 255f - 0.5f) / 0.5f;
                assertEquals(expected, img[y][x][c], 1e-5f);
              }
            }
          }
          float[] oneHot = new float[10];
          oneHot[data.classId(i)] = 1f;
          assertArrayEquals(oneHot, b.labels()[j]);
        }
      }
    }
  }

  @Test
  void sameSeedSameImagesDifferentSplitsDiffer() {
    SyntheticDataset a = SyntheticDataset.multiClass(3, Split.TRAIN, 20);
    SyntheticDataset b = SyntheticDataset.multiClass(3, Split.TRAIN, 20);
    SyntheticDataset test = SyntheticDataset.multiClass(3, Split.TEST, 20);
    SyntheticDataset other = SyntheticDataset.multiClass(4, Split.TRAIN, 20);
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(a.image(i), b.image(i));
      assertEquals(a.classId(i), b.classId(i));
    }
    assertFalse(Arrays.equals(a.image(0), test.image(0)));
    assertFalse(Arrays.equals(a.image(0), other.image(0)));
  }

  @Test
  void classesAreBalancedAndDistinguishable() {
    SyntheticDataset data = SyntheticDataset.multiClass(0, Split.TRAIN, 2000);
    int[] counts = new int[10];
    for (int i = 0; i < 2000; i++) {
      counts[data.classId(i)]++;
    }
    for (int c : counts) {
      assertTrue(c > 150 && c < 250, "class counts " + Arrays.toString(counts));
    }
  }

  @Test
  void shuffleIsSeededPerEpoch() {
    SyntheticDataset data = SyntheticDataset.multiClass(1, Split.TRAIN, 64);
    PipelineOptions opts = PipelineOptions.training(32, 42);
    float[][] epoch0a;
    float[][] epoch0b;
    float[][] epoch1;
    float[][][][] img0a;
    float[][][][] img0b;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), opts);
      List<Batch> e0 = PipelineFetcher.epoch(s, p, 0);
      epoch0a = e0.get(0).labels();
      img0a = e0.get(0).images();
      epoch1 = PipelineFetcher.epoch(s, p, 1).get(0).labels();
      assertEquals(64, PipelineFetcher.count(e0));
    }
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), opts);
      List<Batch> e0 = PipelineFetcher.epoch(s, p, 0);
      epoch0b = e0.get(0).labels();
      img0b = e0.get(0).images();
    }
    assertTrue(Arrays.deepEquals(epoch0a, epoch0b), "same seed, same epoch: same labels");
    assertTrue(Arrays.deepEquals(img0a, img0b), "same seed, same epoch: same (augmented) images");
    assertFalse(Arrays.deepEquals(epoch0a, epoch1), "epoch 1 is in another order");
    assertNotEquals(DataPipeline.epochSeed(42, 0), DataPipeline.epochSeed(42, 1));
  }

  @Test
  void multiLabelFormGivesMultiHotAttributes() {
    SyntheticDataset data = SyntheticDataset.multiLabel(5, Split.TRAIN, 40);
    assertEquals(Task.MULTI_LABEL, data.info().task());
    assertEquals(6, data.info().numLabels());
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), PipelineOptions.evaluation(40));
      Batch b = PipelineFetcher.epoch(s, p, 0).get(0);
      int positives = 0;
      for (int i = 0; i < 40; i++) {
        assertArrayEquals(data.attributes(i), b.labels()[i]);
        for (float v : b.labels()[i]) {
          positives += (int) v;
        }
      }
      assertTrue(positives > 40, "images carry several attributes");
    }
  }

  @Test
  void twoPipelinesInOneGraphAreIndependent() {
    SyntheticDataset train = SyntheticDataset.multiClass(1, Split.TRAIN, 30);
    SyntheticDataset test = SyntheticDataset.multiClass(1, Split.TEST, 10);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      DataPipeline a = train.pipeline(tf, PipelineOptions.evaluation(8));
      DataPipeline b = test.pipeline(tf, PipelineOptions.evaluation(8));
      a.startEpoch(s, 0);
      assertEquals(10, PipelineFetcher.count(PipelineFetcher.epoch(s, b, 0)));
      assertEquals(30, PipelineFetcher.count(PipelineFetcher.epoch(s, a, 0)));
    }
  }
}
