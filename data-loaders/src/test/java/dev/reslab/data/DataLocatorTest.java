package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
  @TempDir Path tmp;

  @Test
  void aGivenFolderWinsAndSyntheticDataNeedsNone() {
    assertEquals(tmp, DataLocator.locate("cifar10", tmp, List.of()));
    assertNull(DataLocator.locate("synthetic-multilabel", null, List.of(tmp)));
  }

  @Test
  void theFirstRootHoldingTheDataSetsSubfolderIsTaken() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("a"));
    Path second = Files.createDirectories(tmp.resolve("b/imagenet"));
    Files.createDirectories(tmp.resolve("b/cifar10"));
    assertEquals(second, DataLocator.locate("imagenet-v2", null, List.of(first, tmp.resolve("b"))));
    assertEquals(
        tmp.resolve("b/cifar10"),
        DataLocator.locate("cifar10-jpeg", null, List.of(first, tmp.resolve("b"))));
  }

  @Test
  void aMissingDataSetNamesEveryPlaceLookedIn() {
    DataException e =
        assertThrows(
            DataException.class,
            () -> DataLocator.locate("celeba", null, List.of(tmp.resolve("x"), tmp.resolve("y"))));
    assertEquals(
        "no folder given for celeba and it was not found under "
            + tmp.resolve("x/celeba")
            + " or "
            + tmp.resolve("y/celeba"),
        e.getMessage());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    DataException e =
        assertThrows(DataException.class, () -> DataLocator.locate("mnist", null, List.of(tmp)));
    assertEquals(
        "unknown data set 'mnist'; expected one of " + String.join(", ", Datasets.NAMES),
        e.getMessage());
  }
}
