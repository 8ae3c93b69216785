package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.PipelineFetcher.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class ImageNetV2DatasetTest {
  @TempDir Path tmp;

  @Test
  void sampleYields100ImagesOf224WithFolderLabels() {
    Path root = TestData.real("imagenet/sample-v2-layout");
    ImageNetV2Dataset data = (ImageNetV2Dataset) Datasets.open("imagenet-v2", root, Split.TEST);
    assertEquals(100, data.info().examples());
    assertEquals(1000, data.info().numLabels());
    assertEquals("tench", data.info().labelNames().get(0));
    assertEquals("n01440764", data.wnids().get(0));
    assertEquals(List.of(), data.warnings());
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g),
              PipelineOptions.evaluation(32).toBuilder().labelFormat(LabelFormat.CLASS_ID).build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(100, PipelineFetcher.count(batches));
      int i = 0;
      for (Batch b : batches) {
        for (int j = 0; j < b.images().length; j++, i++) {
          assertEquals(224, b.images()[j].length);
          assertEquals(224, b.images()[j][0].length);
          assertEquals(3, b.images()[j][0][0].length);
          int folder = Integer.parseInt(data.files().get(i).getParent().getFileName().toString());
          assertEquals(folder, (int) b.labels()[0][j], data.files().get(i).toString());
        }
      }
    }
  }

  @Test
  void preprocessingMatchesTorchvisionReference() throws IOException {
    Path root = TestData.real("imagenet/sample-v2-layout");
    Path npy = TestData.real("weights/torchvision-resnet18/resnet18-seed0-input-nhwc.npy");
    float[] expected = TestData.readNpyFloats(npy);
    assertEquals(4 * 224 * 224 * 3, expected.length);
    ImageNetV2Dataset data = ImageNetV2Dataset.open(root);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(Ops.create(g), PipelineOptions.evaluation(4).toBuilder().limit(4).build());
      float[][][][] got = PipelineFetcher.epoch(s, p, 0).get(0).images();
      for (int n = 0; n < 4; n++) {
        double sumAbs = 0;
        int k = n * 224 * 224 * 3;
        for (int y = 0; y < 224; y++) {
          for (int x = 0; x < 224; x++) {
            for (int c = 0; c < 3; c++) {
              sumAbs += Math.abs(got[n][y][x][c] - expected[k++]);
            }
          }
        }
        double mean = sumAbs / (224 * 224 * 3);
        // PIL works on uint8 and differs a little in resampling; 0.03 ≈ 1.6/255 in pixel terms.
        System.out.println("torchvision reference: image " + n + " mean abs diff " + mean);
        assertTrue(mean < 0.03, "image " + n + " mean absolute difference " + mean);
      }
    }
  }

  @Test
  void seededSubsetIsReproducible() {
    Path root = TestData.real("imagenet/sample-v2-layout");
    ImageNetV2Dataset data = ImageNetV2Dataset.open(root);
    PipelineOptions opts =
        PipelineOptions.evaluation(64).toBuilder()
            .limit(Limit.seededSubset(20, 500))
            .labelFormat(LabelFormat.CLASS_ID)
            .build();
    float[] a;
    float[] b;
    float[] c;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      a = PipelineFetcher.epoch(s, data.pipeline(tf, opts), 0).get(0).labels()[0];
      b = PipelineFetcher.epoch(s, data.pipeline(tf, opts), 0).get(0).labels()[0];
      c =
          PipelineFetcher.epoch(
                  s,
                  data.pipeline(tf, opts.toBuilder().limit(Limit.seededSubset(20, 501)).build()),
                  0)
              .get(0)
              .labels()[0];
    }
    assertEquals(20, a.length);
    assertArrayEquals(a, b);
    assertNotEquals(List.of(a), List.of(c));
  }

  @Test
  void folderThatIsNotAClassIndexIsAnError() throws IOException {
    Files.createDirectories(tmp.resolve("1000"));
    assertEquals(
        "ImageNet-V2 folder " + tmp.resolve("1000") + " is not a class index (expected 0-999)",
        assertThrows(DataException.class, () -> ImageNetV2Dataset.open(tmp)).getMessage());
    Files.delete(tmp.resolve("1000"));
    Files.createDirectories(tmp.resolve("n01440764"));
    assertEquals(
        "ImageNet-V2 folder " + tmp.resolve("n01440764") + " is not a class index (expected 0-999)",
        assertThrows(DataException.class, () -> ImageNetV2Dataset.open(tmp)).getMessage());
    Files.delete(tmp.resolve("n01440764"));
    // The layout one level down, as in the shared data's imagenet/sample-v2-layout.
    Files.createDirectories(tmp.resolve("sample-v2-layout/0"));
    assertEquals(
        "ImageNet-V2 folder "
            + tmp.resolve("sample-v2-layout")
            + " is not a class index (expected 0-999); it holds class folders itself: open "
            + tmp.resolve("sample-v2-layout")
            + " as the data folder",
        assertThrows(DataException.class, () -> ImageNetV2Dataset.open(tmp)).getMessage());
    Files.delete(tmp.resolve("sample-v2-layout/0"));
    Files.delete(tmp.resolve("sample-v2-layout"));
    assertEquals(
        "ImageNet-V2 folder " + tmp + " has no images (expected <class_idx>/<hash>.jpeg)",
        assertThrows(DataException.class, () -> ImageNetV2Dataset.open(tmp)).getMessage());
  }

  @Test
  void classIndexWithoutAnEntryIsAnErrorNamingIt() throws IOException {
    ImageFolderDatasetTest.writePng(tmp.resolve("v2/3/abc.png"), 300, 260, false, 1);
    Files.writeString(tmp.resolve("imagenet_class_index.json"), "{\"0\": [\"n0\", \"zero\"]}");
    assertEquals(
        tmp.resolve("imagenet_class_index.json") + ": entry \"1\" is missing or not [wnid, name]",
        assertThrows(DataException.class, () -> ImageNetV2Dataset.open(tmp.resolve("v2")))
            .getMessage());
    Files.delete(tmp.resolve("imagenet_class_index.json"));
    ImageNetV2Dataset data = ImageNetV2Dataset.open(tmp.resolve("v2"));
    assertEquals("class_3", data.info().labelNames().get(3));
    assertEquals(
        List.of(
            "no imagenet_class_index.json in "
                + tmp.resolve("v2")
                + " or its parent: classes are named "
                + "class_0 ... class_999"),
        data.warnings());
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < data.files().size(); i++) {
      labels.add(data.label(i));
    }
    assertEquals(List.of(3), labels);
  }
}
