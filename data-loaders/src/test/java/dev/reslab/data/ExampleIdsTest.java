package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Evaluation pipelines can name each example (its file, or its record in a file), so results on a
 * seeded subset or a holdout point at the image itself rather than at a position in the subset.
 */
class ExampleIdsTest {

  @TempDir Path tmp;

  /** One example as an indexed pipeline gives it. */
  private record Named(String id, float[][][] image, float label) {}

  private static List<Named> epoch(Session s, DataPipeline p) {
    p.startEpoch(s, 0);
    List<Named> out = new ArrayList<>();
    while (true) {
      try (Result r = s.runner().fetch(p.images()).fetch(p.labels()).fetch(p.indices()).run()) {
        float[][][][] images = StdArrays.array4dCopyOf((TFloat32) r.get(0));
        float[] labels = StdArrays.array1dCopyOf((TFloat32) r.get(1));
        long[] indices = StdArrays.array1dCopyOf((TInt64) r.get(2));
        for (int i = 0; i < indices.length; i++) {
          out.add(new Named(p.exampleId(indices[i]), images[i], labels[i]));
        }
      } catch (TFOutOfRangeException end) {
        return out;
      }
    }
  }

  @Test
  void cifarRecordsOfASeededSubsetOfAHoldoutAreNamedByFileAndRecord() throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    for (int f = 1; f <= 5; f++) {
      int[] labels = new int[12];
      for (int r = 0; r < labels.length; r++) {
        labels[r] = (r + f) % 10;
      }
      String name = "data_batch_" + f + ".bin";
      files.put(
          name,
          Cifar10DatasetTest.writeBatch(tmp.resolve("cifar-10-batches-bin/" + name), labels, f));
    }
    Cifar10Dataset data = Cifar10Dataset.open(tmp, Split.TRAIN);
    PipelineOptions options =
        PipelineOptions.builder()
            .batchSize(7)
            .normalization(Normalization.NONE)
            .labelFormat(LabelFormat.CLASS_ID)
            .holdout(new Holdout(0.5, 3), Holdout.Part.HELD_OUT)
            .limit(Limit.seededSubset(20, 9))
            .exampleIndices(true)
            .build();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      List<Named> named = epoch(s, data.pipeline(Ops.create(g), options));
      assertEquals(20, named.size());
      Pattern id = Pattern.compile("(data_batch_[1-5]\\.bin) record (\\d+)");
      for (Named n : named) {
        Matcher m = id.matcher(n.id());
        assertTrue(m.matches(), n.id());
        byte[] file = files.get(m.group(1));
        int record = Integer.parseInt(m.group(2));
        // the record the id names holds this example's label and pixels
        assertEquals(file[record * Cifar10Dataset.RECORD_BYTES], n.label(), n.id());
        for (int c = 0; c < 3; c++) {
          assertEquals(
              Cifar10DatasetTest.pixel(file, record, 3, 30, c), n.image()[3][30][c] * 255f, 1e-3f);
        }
      }
      assertEquals(20, new HashSet<>(named.stream().map(Named::id).toList()).size());
    }
  }

  @Test
  void imageFilesAreNamedByFolderAndFileEvenInASubset() throws Exception {
    Map<String, BufferedImage> written = new HashMap<>();
    for (String f : List.of("cat/1.png", "cat/2.png", "dog/1.png", "dog/2.png", "dog/3.png")) {
      written.put(f, ImageFolderDatasetTest.writePng(tmp.resolve(f), 8, 8, false, f.hashCode()));
    }
    ImageFolderDataset data = ImageFolderDataset.open(tmp, List.of(), 0);
    PipelineOptions options =
        PipelineOptions.evaluation(2).toBuilder()
            .normalization(Normalization.NONE)
            .limit(Limit.seededSubset(3, 4))
            .exampleIndices(true)
            .build();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = data.pipeline(Ops.create(g), options);
      List<Named> named = new ArrayList<>();
      p.startEpoch(s, 0);
      while (true) {
        try (Result r = s.runner().fetch(p.images()).fetch(p.indices()).run()) {
          float[][][][] images = StdArrays.array4dCopyOf((TFloat32) r.get(0));
          long[] indices = StdArrays.array1dCopyOf((TInt64) r.get(1));
          for (int i = 0; i < indices.length; i++) {
            named.add(new Named(p.exampleId(indices[i]), images[i], -1));
          }
        } catch (TFOutOfRangeException end) {
          break;
        }
      }
      assertEquals(3, named.size());
      for (Named n : named) {
        BufferedImage img = written.get(n.id());
        assertTrue(img != null, n.id() + " names a written file");
        assertEquals(
            ImageFolderDatasetTest.channel(img, 5, 2, 1), n.image()[5][2][1] * 255f, 1e-3f);
      }
    }
  }

  @Test
  void trainingPipelinesCarryNoIndices() throws Exception {
    Cifar10DatasetTest.writeBatch(tmp.resolve("test_batch.bin"), new int[] {1, 2}, 1);
    try (Graph g = new Graph()) {
      DataPipeline p =
          Cifar10Dataset.open(tmp, Split.TEST)
              .pipeline(Ops.create(g), PipelineOptions.training(2, 0));
      assertNull(p.indices());
    }
  }
}
