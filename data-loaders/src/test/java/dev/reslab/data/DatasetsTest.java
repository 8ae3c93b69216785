package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {

  @Test
  void badNamesSplitsAndFoldersAreOneLineErrors() {
    assertEquals(
        "unknown data set 'mnist'; expected one of cifar10, cifar10-jpeg, folder, celeba, imagenet-v2, "
            + "synthetic, synthetic-multilabel",
        assertThrows(DataException.class, () -> Datasets.open("mnist", Path.of("."), Split.TRAIN))
            .getMessage());
    assertEquals(
        "data set cifar10 needs a data directory",
        assertThrows(DataException.class, () -> Datasets.open("cifar10", null, Split.TRAIN))
            .getMessage());
    assertEquals(
        "unknown split 'dev'; expected one of train, valid, test",
        assertThrows(DataException.class, () -> Split.parse("dev")).getMessage());
    assertEquals(Split.VALID, Split.parse("Validation"));
    assertEquals(
        "CIFAR-10 folder " + Path.of("/no/such") + " does not exist",
        assertThrows(
                DataException.class,
                () -> Datasets.open("cifar10", Path.of("/no/such"), Split.TEST))
            .getMessage());
  }

  @Test
  void syntheticDataNeedsNoFolderAndTakesSeedAndSize() {
    ImageDataset a =
        Datasets.open("synthetic", null, Split.TRAIN, DatasetOptions.DEFAULTS.withExamples(30));
    assertEquals(
        new DatasetInfo(
            "synthetic",
            Task.MULTI_CLASS,
            List.of(
                "circle",
                "square",
                "triangle",
                "plus",
                "cross",
                "ring",
                "diamond",
                "frame",
                "hstripes",
                "vstripes"),
            32,
            32,
            30,
            Normalization.HALF),
        a.info());
    ImageDataset b = Datasets.open("synthetic-multilabel", null, Split.VALID);
    assertEquals(1000, b.info().examples());
    assertEquals(Task.MULTI_LABEL, b.info().task());
    assertEquals(6000, Datasets.open("synthetic", null, Split.TRAIN).info().examples());
  }

  @Test
  void everyRealDataSetOpensByName() {
    Path root = TestData.real("cifar10");
    TestData.useBuildCache();
    Path data = root.getParent();
    assertEquals(
        4660, Datasets.open("cifar10", data.resolve("cifar10"), Split.TRAIN).info().examples());
    assertEquals(
        10_000,
        Datasets.open("cifar10-jpeg", data.resolve("cifar10"), Split.TEST).info().examples());
    assertEquals(
        20_000, Datasets.open("celeba", data.resolve("celeba"), Split.TRAIN).info().examples());
    assertEquals(
        100,
        Datasets.open("imagenet-v2", data.resolve("imagenet/sample-v2-layout"), Split.TEST)
            .info()
            .examples());
    ImageDataset folder =
        Datasets.open(
            "folder",
            data.resolve("imagenet/sample-v2-layout"),
            Split.TEST,
            DatasetOptions.DEFAULTS.withImageSize(64));
    assertEquals(100, folder.info().numLabels());
    assertEquals(64, folder.info().height());
  }

  @Test
  void normalizationAndLimitsCheckTheirArguments() {
    assertEquals(
        "normalisation needs 3 means and 3 standard deviations, got 2 and 3",
        assertThrows(
                IllegalArgumentException.class, () -> new Normalization(new float[2], new float[3]))
            .getMessage());
    assertEquals(
        "limit must be a positive number of examples, got 0",
        assertThrows(IllegalArgumentException.class, () -> Limit.first(0)).getMessage());
    assertEquals(List.of(0, 1, 2), Arrays.stream(Limit.first(3).select(10)).boxed().toList());
    int[] subset = Limit.seededSubset(4, 9).select(100);
    assertEquals(4, subset.length);
    assertEquals(Arrays.toString(subset), Arrays.toString(Limit.seededSubset(4, 9).select(100)));
    assertEquals(1.0f, Normalization.NONE.apply(255f, 0));
  }
}
