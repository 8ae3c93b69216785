package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSpecTest {

  @Test
  void limitsDrawSeededSubsetsByDefaultAndFirstNWithSeedZero() {
    DataSpec spec = DataSpec.of("synthetic", null).withLimits(100, 50);
    Limit train = spec.pipelineOptions(true, 32, 0).limit();
    Limit val = spec.pipelineOptions(false, 32, 0).limit();
    assertTrue(train.seeded());
    assertEquals(100, train.count());
    assertEquals(50, val.count());
    assertTrue(train.seed() != val.seed(), "validation draws its own subset");
    Limit first = spec.withSubsetSeed(0).pipelineOptions(true, 32, 0).limit();
    assertFalse(first.seeded());
    assertTrue(DataSpec.of("synthetic", null).pipelineOptions(true, 32, 0).limit().isAll());
  }

  @Test
  void roundTripsThroughTheRunDescriptionAndReadsOldOnes() {
    DataSpec spec = DataSpec.of("synthetic", null).withLimits(100, 50).withSubsetSeed(7);
    assertEquals(spec, DataSpec.fromMap(spec.toMap()));
    // Runs written before subsets were seeded recorded no seed: they trained on the first N.
    Map<String, Object> old = new java.util.HashMap<>(spec.toMap());
    old.remove("subsetSeed");
    assertEquals(0, DataSpec.fromMap(old).subsetSeed());
  }

  @Test
  void unknownDataSetIsRejected() {
    assertEquals(
        "unknown data set 'mnist'; expected one of cifar10, cifar10-jpeg, folder, celeba, imagenet-v2, "
            + "synthetic, synthetic-multilabel",
        assertThrows(IllegalArgumentException.class, () -> DataSpec.of("mnist", null))
            .getMessage());
  }
}
