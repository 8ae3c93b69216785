package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.PipelineFetcher.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class CelebADatasetTest {
  @TempDir Path tmp;

  @Test
  void realDataYieldsThe32ImagesWithTheirAttributeRows() throws IOException {
    Path dir = TestData.real("celeba");
    CelebADataset data = CelebADataset.open(dir, Split.TRAIN);
    assertEquals(
        List.of(
            dir.resolve("list_attr_celeba.txt")
                + " says 202599 images on line 1 but has 20000 rows;"
                + " using the rows present"),
        data.warnings());
    assertEquals(20_000, data.info().examples());
    assertEquals(40, data.info().numLabels());
    List<String> lines = Files.readAllLines(dir.resolve("list_attr_celeba.txt"));
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p =
          data.pipeline(
              Ops.create(g), PipelineOptions.evaluation(10).toBuilder().limit(32).build());
      List<Batch> batches = PipelineFetcher.epoch(s, p, 0);
      assertEquals(32, PipelineFetcher.count(batches));
      int i = 0;
      for (Batch b : batches) {
        for (int j = 0; j < b.images().length; j++, i++) {
          String[] f = lines.get(i + 2).trim().split("\\s+");
          assertEquals(String.format("%06d.jpg", i + 1), f[0]);
          float[] expected = new float[40];
          for (int a = 0; a < 40; a++) {
            expected[a] = f[a + 1].equals("1") ? 1f : 0f;
          }
          assertArrayEquals(expected, b.labels()[j], f[0]);
          assertEquals(64, b.images()[j].length);
        }
      }
    }
  }

  @Test
  void imageListedButMissingIsFoundBeforeTraining() {
    Path dir = TestData.real("celeba");
    CelebADataset data = CelebADataset.open(dir, Split.TRAIN, List.of("Smiling", "Male"), 32);
    assertEquals(List.of("Smiling", "Male"), data.info().labelNames());
    try (Graph g = new Graph()) {
      DataException e =
          assertThrows(
              DataException.class,
              () -> data.pipeline(Ops.create(g), PipelineOptions.evaluation(10)));
      assertEquals(
          "CelebA in "
              + dir
              + " is incomplete: 19968 of the 20000 images read from the train split are missing"
              + " from img_align_celeba/ (the first: 000033.jpg, line 35 of list_attr_celeba.txt)",
          e.getMessage());
    }
  }

  @Test
  void validAndTestPartitionsOfTheCutFileAreEmpty() {
    Path dir = TestData.real("celeba");
    assertEquals(
        dir.resolve("list_attr_celeba.txt") + " has no images in the valid partition",
        assertThrows(EmptySplitException.class, () -> CelebADataset.open(dir, Split.VALID))
            .getMessage());
  }

  /** Writes a small CelebA folder: 4 images, 3 attributes; partitions 0, 0, 1, 2. */
  private Path fixture(String extraAttrLine) throws IOException {
    Path dir = tmp.resolve("celeba");
    String attrs =
        "4\r\nSmiling Male Young\r\n"
            + "000001.jpg  1 -1  1\r\n000002.jpg -1 -1  1\r\n000003.jpg  1  1 -1\r\n000004.jpg -1  1 -1\r\n"
            + extraAttrLine;
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("list_attr_celeba.txt"), attrs);
    Files.writeString(
        dir.resolve("list_eval_partition.txt"),
        "000001.jpg 0\n000002.jpg 0\n000003.jpg 1\n000004.jpg 2\n000005.jpg 0\n");
    for (int i = 1; i <= 4; i++) {
      ImageFolderDatasetTest.writePng(
          dir.resolve(String.format("img_align_celeba/%06d.jpg", i)), 20, 16, false, i);
    }
    return dir;
  }

  @Test
  void imageNamesMustStayInsideTheImageFolder() throws IOException {
    Path dir = fixture("../../etc/hostname  1 -1  1\r\n");
    Files.writeString(
        dir.resolve("list_eval_partition.txt"),
        "../../etc/hostname 0\n",
        StandardOpenOption.APPEND);
    assertEquals(
        dir.resolve("list_attr_celeba.txt")
            + " line 7: image name '../../etc/hostname' is not a file name in"
            + " img_align_celeba (no folders, '..' or separators)",
        assertThrows(DataException.class, () -> CelebADataset.open(dir, Split.TRAIN)).getMessage());
  }

  @Test
  void oneMissingImageIsNamedWithItsAttributeRow() throws IOException {
    Path dir = fixture("");
    Path second = dir.resolve("img_align_celeba/000002.jpg");
    Files.delete(second);
    CelebADataset train = CelebADataset.open(dir, Split.TRAIN);
    try (Graph g = new Graph()) {
      assertEquals(
          "CelebA image "
              + second
              + " (line 4 of list_attr_celeba.txt) is listed for the train split but missing",
          assertThrows(
                  DataException.class,
                  () -> train.pipeline(Ops.create(g), PipelineOptions.evaluation(4)))
              .getMessage());
    }
  }

  @Test
  void emptyAndCorruptImagesAreNamedWithTheirAttributeRow() throws IOException {
    Path dir = fixture("");
    Path second = dir.resolve("img_align_celeba/000002.jpg");
    Files.write(second, new byte[0]);
    CelebADataset train = CelebADataset.open(dir, Split.TRAIN);
    try (Graph g = new Graph()) {
      assertEquals(
          "CelebA image " + second + " (line 4 of list_attr_celeba.txt) is empty; replace the file",
          assertThrows(
                  DataException.class,
                  () -> train.pipeline(Ops.create(g), PipelineOptions.evaluation(4)))
              .getMessage());
    }
    // Right signature and end, nothing decodable between: only TensorFlow finds out, mid-epoch.
    Files.write(
        second,
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 'I', 'E', 'N', 'D'});
    RuntimeException failure;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      DataPipeline p = train.pipeline(Ops.create(g), PipelineOptions.evaluation(4));
      failure = assertThrows(RuntimeException.class, () -> PipelineFetcher.epoch(s, p, 0));
    }
    String message = ImageDataset.explained(failure, train).getMessage();
    assertTrue(
        message.startsWith(
            "image " + second + " (line 4 of list_attr_celeba.txt) cannot be decoded ("),
        message);
  }

  @Test
  void officialPartitionsAndChosenAttributes() throws IOException {
    Path dir = fixture("");
    CelebADataset train = CelebADataset.open(dir, Split.TRAIN, List.of("Young", "Smiling"), 8);
    assertEquals(List.of(), train.warnings());
    assertEquals(List.of("000001.jpg", "000002.jpg"), train.images());
    assertArrayEquals(new float[] {1, 1}, train.labels(0));
    assertArrayEquals(new float[] {1, 0}, train.labels(1));
    assertEquals(List.of("000003.jpg"), CelebADataset.open(dir, Split.VALID).images());
    assertEquals(List.of("000004.jpg"), CelebADataset.open(dir, Split.TEST).images());
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Batch b =
          PipelineFetcher.epoch(s, train.pipeline(Ops.create(g), PipelineOptions.evaluation(4)), 0)
              .get(0);
      assertEquals(8, b.images()[0].length);
      assertArrayEquals(new float[] {1, 0}, b.labels()[1]);
    }
    assertEquals(
        "CelebA has no attribute 'Bald' ("
            + dir.resolve("list_attr_celeba.txt")
            + " lists Smiling, Male, Young)",
        assertThrows(
                DataException.class, () -> CelebADataset.open(dir, Split.TRAIN, List.of("Bald"), 8))
            .getMessage());
  }

  @Test
  void countMismatchIsAWarningWithBothCounts() throws IOException {
    Path dir = fixture("000005.jpg 1 1 1\r\n");
    CelebADataset data = CelebADataset.open(dir, Split.TRAIN);
    assertEquals(
        List.of(
            dir.resolve("list_attr_celeba.txt")
                + " says 4 images on line 1 but has 5 rows;"
                + " using the rows present"),
        data.warnings());
    assertEquals(3, data.info().examples());
  }

  @Test
  void malformedRowsAreErrorsNamingTheLine() throws IOException {
    Path dir = fixture("000005.jpg 1 1\r\n");
    assertEquals(
        dir.resolve("list_attr_celeba.txt")
            + " line 7: expected an image name and 3 values, found 2 values",
        assertThrows(DataException.class, () -> CelebADataset.open(dir, Split.TRAIN)).getMessage());
    Path dir2 = fixture("000005.jpg 1 0 1\r\n");
    assertEquals(
        dir2.resolve("list_attr_celeba.txt") + " line 7: value '0' of Male is not 1 or -1",
        assertThrows(DataException.class, () -> CelebADataset.open(dir2, Split.TRAIN))
            .getMessage());
    Files.writeString(dir2.resolve("list_eval_partition.txt"), "000001.jpg 0\n000002.jpg 3\n");
    assertEquals(
        dir2.resolve("list_eval_partition.txt")
            + " line 2: expected '<image> 0|1|2', found '000002.jpg 3'",
        assertThrows(DataException.class, () -> CelebADataset.open(dir2, Split.TRAIN))
            .getMessage());
    Files.delete(dir2.resolve("list_eval_partition.txt"));
    assertEquals(
        "missing CelebA file " + dir2.resolve("list_eval_partition.txt"),
        assertThrows(DataException.class, () -> CelebADataset.open(dir2, Split.TRAIN))
            .getMessage());
  }

  @Test
  void anImageListedTwiceIsAnErrorNamingBothLines() throws IOException {
    // Same values or not, a second row would count the image twice (or label it twice).
    Path dir = fixture("000002.jpg  1 -1  1\r\n");
    assertEquals(
        dir.resolve("list_attr_celeba.txt")
            + " line 7: image 000002.jpg is listed again (first on line 4); each image has one row",
        assertThrows(DataException.class, () -> CelebADataset.open(dir, Split.TRAIN)).getMessage());
    Files.writeString(
        dir.resolve("list_eval_partition.txt"),
        "000001.jpg 0\n000002.jpg 0\n000003.jpg 1\n000004.jpg 2\n000003.jpg 2\n");
    assertEquals(
        dir.resolve("list_eval_partition.txt")
            + " line 5: image 000003.jpg is put in partition 2 after an earlier line put it in 1",
        assertThrows(DataException.class, () -> CelebADataset.open(dir, Split.TRAIN)).getMessage());
  }

  @Test
  void anAttributeNamedTwiceIsAnError() throws IOException {
    Path dir = fixture("");
    Files.writeString(
        dir.resolve("list_attr_celeba.txt"), "1\r\nSmiling Male Smiling\r\n000001.jpg 1 1 1\r\n");
    assertEquals(
        dir.resolve("list_attr_celeba.txt")
            + " line 2: attribute Smiling is named twice; names must differ",
        assertThrows(DataException.class, () -> CelebADataset.open(dir, Split.TRAIN)).getMessage());
  }

  @Test
  void aByteOrderMarkBeforeTheCountIsSkipped() throws IOException {
    Path dir = fixture("");
    Path attr = dir.resolve("list_attr_celeba.txt");
    Files.writeString(attr, "\uFEFF" + Files.readString(attr));
    Path part = dir.resolve("list_eval_partition.txt");
    Files.writeString(part, "\uFEFF" + Files.readString(part));
    CelebADataset data = CelebADataset.open(dir, Split.TRAIN);
    assertEquals(List.of("000001.jpg", "000002.jpg"), data.images());
    assertEquals(List.of(), data.warnings());
  }
}
