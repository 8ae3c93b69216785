package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    Map<String, Object> old = new HashMap<>(spec.toMap());
    old.remove("subsetSeed");
    assertEquals(0, DataSpec.fromMap(old).subsetSeed());
  }

  /** A run records its data folder absolute, so it still points there from another folder. */
  @Test
  void aRunRecordsItsDataFolderAbsolute() {
    DataSpec spec = DataSpec.of("synthetic", Path.of("data/../some/cifar10"));
    ImageDataset data = DataSpec.of("synthetic", null).open("train");
    assertEquals(
        Path.of("some/cifar10").toAbsolutePath().toString(), spec.describe(data).get("dir"));
    assertEquals("data/../some/cifar10", spec.toMap().get("dir"), "the spec itself as given");
    assertEquals(null, DataSpec.of("synthetic", null).describe(data).get("dir"));
  }

  @Test
  void unknownDataSetIsRejected() {
    assertEquals(
        "unknown data set 'mnist'; expected one of cifar10, cifar10-jpeg, folder, celeba, imagenet-v2, "
            + "synthetic, synthetic-multilabel",
        assertThrows(DataException.class, () -> DataSpec.of("mnist", null)).getMessage());
  }

  /** The data section of a run's config.json as the code before the builder wrote it. */
  private static final String OLD_CONFIG_DATA =
      "{\"dataset\": \"cifar10-jpeg\", \"dir\": \"/data/cifar10\", \"trainSplit\": \"train\","
          + " \"validationSplit\": \"holdout\", \"limitTrain\": 2000, \"limitValidation\": 0,"
          + " \"imageSize\": 0, \"attributes\": [], \"augment\": true, \"dataSeed\": 0,"
          + " \"subsetSeed\": 1, \"normalization\": {\"std\": [0.229, 0.224, 0.225], \"mean\":"
          + " [0.485, 0.456, 0.406]}, \"holdout\": {\"fraction\": 0.1, \"seed\": 0}, \"labels\":"
          + " [\"airplane\", \"automobile\"]}";

  @Test
  void readsAConfigWrittenBeforeTheBuilder() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new ObjectMapper().readValue(OLD_CONFIG_DATA, Map.class);
    DataSpec read = DataSpec.fromMap(data);
    DataSpec expected =
        DataSpec.builder("cifar10-jpeg")
            .dir("/data/cifar10")
            .holdout(Holdout.TEN_PERCENT)
            .limits(2000, 0)
            .normalization(
                new Normalization(
                    new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}))
            .build();
    assertEquals(expected.withNormalization(null), read.withNormalization(null));
    assertEquals(0.456f, read.normalization().mean()[1]);
    assertEquals(0.225f, read.normalization().std()[2]);
    assertEquals(read, DataSpec.fromMap(read.toMap()), "and round-trips");
  }

  @Test
  void withMethodsChangeOnlyTheirSetting() {
    DataSpec base = DataSpec.of("celeba", Path.of("/d"));
    assertEquals("valid", base.validationSplit());
    DataSpec held = base.withHoldout(new Holdout(0.2, 3));
    assertEquals(DataSpec.HOLDOUT, held.validationSplit());
    assertEquals(new Holdout(0.2, 3), held.holdout());
    DataSpec back = held.withValidationSplit("test");
    assertEquals(null, back.holdout(), "another split drops the holdout");
    DataSpec changed = base.withImageSize(64).withAttributes(List.of("Smiling"));
    assertEquals(64, changed.imageSize());
    assertEquals(List.of("Smiling"), changed.attributes());
    assertEquals(base.dir(), changed.dir());
    assertEquals(base.subsetSeed(), changed.subsetSeed());
    assertEquals(base, changed.withImageSize(0).withAttributes(List.of()));
  }
}
