package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.data.Holdout;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenValidationTest {

  /** The published He et al. ResNet-20's SHA-256 (resnet20-12fca82f.th). */
  private static final String RESNET20 =
      "12fca82f0bebc4135bf1f32f6e3710e61d5108578464b84fd6d7f5c1b04036c8";

  private static final ResNetConfig CIFAR = ResNetPreset.RESNET20.config();

  @TempDir Path tmp;

  private static DataSpec holdout(String dataset, long seed) {
    return DataSpec.builder(dataset).holdout(new Holdout(0.1, seed)).build();
  }

  private static Map<String, Object> file(String path, String sha256) {
    Map<String, Object> init = new LinkedHashMap<>();
    init.put("source", path);
    init.put("file", path);
    init.put("format", "pytorch state dict");
    init.put("sha256", sha256);
    return init;
  }

  /** A run directory that trained on {@code data}, started from {@code init} (or fresh). */
  private Map<String, Object> run(String name, DataSpec data, Map<String, Object> init)
      throws Exception {
    Path root = tmp.resolve(name);
    RunDirectory.create(root)
        .writeConfig(new RunConfig(CIFAR, null, data.toMap(), Map.of(), null, init));
    Files.createDirectories(root.resolve("checkpoints").resolve("epoch-001"));
    Map<String, Object> m =
        file(root.resolve("checkpoints/epoch-001/ckpt").toString(), "ab".repeat(32));
    m.put("source", root.toString());
    m.put("format", "reslab run checkpoint (epoch 1)");
    return m;
  }

  private static String warning(Map<String, Object> init, DataSpec data) {
    return SeenValidation.warning(init, data, CIFAR).orElseThrow();
  }

  @Test
  void publishedCifarWeightsKnownByTheirHashSawEveryHoldoutImage() {
    String w = warning(file("resnet20.th", RESNET20), holdout("cifar10", 0));
    assertEquals(
        "the initial weights resnet20.th (He et al.'s CIFAR-10 ResNet-20"
            + " (akamaster/pytorch_resnet_cifar10), known by its SHA-256) were trained on all"
            + " 50,000 CIFAR-10 training images: the holdout validation images (10 %, seed"
            + " 0) are among them, so validation metrics and the best epoch picked on them"
            + " overstate accuracy on unseen images",
        w);
    // CIFAR-10's JPEGs are the same images
    assertTrue(
        SeenValidation.warning(file("r.th", RESNET20), holdout("cifar10-jpeg", 4), CIFAR)
            .isPresent());
  }

  @Test
  void nothingToSayWithoutAHoldoutOrOnOtherData() {
    Map<String, Object> init = file("resnet20.th", RESNET20);
    assertEquals(
        Optional.empty(),
        SeenValidation.warning(
            init, DataSpec.builder("cifar10").validationSplit("test").build(), CIFAR));
    assertEquals(Optional.empty(), SeenValidation.warning(init, holdout("celeba", 0), CIFAR));
    assertEquals(Optional.empty(), SeenValidation.warning(null, holdout("cifar10", 0), CIFAR));
  }

  @Test
  void unknownCifarWeightsGetAWarningThatSaysItIsAGuess() {
    Map<String, Object> init = file(tmp.resolve("mine.pth").toString(), "cd".repeat(32));
    String w = warning(init, holdout("cifar10", 0));
    assertTrue(
        w.contains("(a file of unknown origin for a CIFAR network) may have been trained on"), w);
    assertTrue(
        w.endsWith("(a guess: neither their hash nor a run's record says what they trained on)"),
        w);
    // an ImageNet-stem network of unknown origin: nothing is even likely
    ResNetConfig imagenet = ResNetPreset.RESNET18.config(Stem.IMAGENET, 10);
    assertEquals(Optional.empty(), SeenValidation.warning(init, holdout("cifar10", 0), imagenet));
  }

  @Test
  void aRunTrainedHereSawWhatItsRecordSays() throws Exception {
    // trained on the rest of the same holdout: this run validates on images it never saw
    Map<String, Object> same = run("same", holdout("cifar10", 0), null);
    assertEquals(Optional.empty(), SeenValidation.warning(same, holdout("cifar10", 0), CIFAR));
    // another holdout seed: most of the holdout was its training data
    String other = warning(same, holdout("cifar10", 3));
    assertTrue(
        other.contains(
            "(a run trained here) were trained on CIFAR-10's train split less a holdout of 10 %,"
                + " seed 0: the holdout validation images (10 %, seed 3) are among them"),
        other);
    // validated on test: it trained on the whole training split
    Map<String, Object> all =
        run("all", DataSpec.builder("cifar10").validationSplit("test").build(), null);
    assertTrue(warning(all, holdout("cifar10", 0)).contains("trained on CIFAR-10's train split: "));
    // a subset of it: some of the holdout may have been seen
    Map<String, Object> subset =
        run(
            "subset",
            DataSpec.builder("cifar10").validationSplit("test").limits(200, 0).build(),
            null);
    assertTrue(
        warning(subset, holdout("cifar10", 0))
            .contains(
                "a seeded 200-image subset of CIFAR-10's train split: the holdout"
                    + " validation images (10 %, seed 0) may be among them"));
  }

  @Test
  void aChainOfRunsIsFollowedBackToPublishedWeights() throws Exception {
    Map<String, Object> fromPublished =
        run("from-published", holdout("cifar10", 0), file("resnet20.th", RESNET20));
    Map<String, Object> second = run("second", holdout("cifar10", 0), fromPublished);
    String w = warning(second, holdout("cifar10", 0));
    assertTrue(
        w.contains(
            "(a run trained here, started from a run trained here, started from He et al.'s"
                + " CIFAR-10 ResNet-20"),
        w);
  }

  @Test
  void anImportedRunIsKnownByTheHashItsImportRecorded() throws Exception {
    Path root = tmp.resolve("imported");
    RunDirectory.create(root)
        .writeConfig(new RunConfig(CIFAR, null, Map.of("source", "import"), Map.of(), null, null));
    Files.createDirectories(root.resolve("checkpoints").resolve("epoch-000"));
    Files.writeString(root.resolve("import.json"), "{\"sha256\":\"" + RESNET20 + "\"}");
    Map<String, Object> init =
        file(root.resolve("checkpoints/epoch-000/ckpt").toString(), "ef".repeat(32));
    init.put("source", root.toString());
    assertTrue(
        warning(init, holdout("cifar10", 0))
            .startsWith(
                "the initial weights " + root + " (imported from He et al.'s CIFAR-10 ResNet-20"));
    // an import of unknown weights is only a guess
    Files.writeString(root.resolve("import.json"), "{\"sha256\":\"" + "01".repeat(32) + "\"}");
    assertTrue(warning(init, holdout("cifar10", 0)).contains("(an imported run of unknown origin"));
  }
}
