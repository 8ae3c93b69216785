package dev.reslab.interop.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.interop.torch.TorchTensor;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.interop.weights.NameMap;
import dev.reslab.interop.weights.TorchWeightMapping;
import dev.reslab.lock.RunBusyException;
import dev.reslab.lock.RunLock;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class RunImportTest {
  private static final String RESNET20 = "weights/resnet-cifar10/resnet20-12fca82f.th";

  @Test
  void writesConfigAndCheckpointThatRestoresTheImportedValues(@TempDir Path tmp)
      throws IOException {
    StateDict sd = TorchCheckpoint.read(RealData.require(RESNET20));
    Path run = tmp.resolve("run");
    ImportedRun imported =
        RunImport.fromTorch(sd, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, run);

    assertEquals(ResNetPreset.RESNET20.config(), RunDirectory.open(run).readConfig().model());
    Path epoch = run.resolve("checkpoints/epoch-000");
    assertEquals(epoch.resolve("ckpt"), imported.checkpointPrefix());
    for (String f : List.of("ckpt.index", "ckpt.data-00000-of-00001", "checkpoint", "state.json")) {
      assertTrue(Files.isRegularFile(epoch.resolve(f)), f);
    }
    assertTrue(
        Files.readString(run.resolve("import.json")).contains("\"imported_variables\" : 97"));
    assertEquals(97, imported.imported());
    try (Stream<Path> left = Files.list(run.resolve("checkpoints"))) {
      assertEquals(List.of(epoch), left.toList(), "no temporary directory is left behind");
    }

    // A fresh model restored from the checkpoint holds the file's values, e.g. the first conv
    // kernel in HWIO.
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ResNet model = ResNet.build(RunDirectory.open(run).readConfig().model());
      model.apply(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3))),
          CallContext.inference(tf));
      s.restore(imported.checkpointPrefix().toString());
      ModelVariable conv1 = model.variables().get(0);
      ModelVariable head =
          model.variables().stream()
              .filter(v -> v.name().equals("fc/kernel"))
              .findFirst()
              .orElseThrow();
      try (Result r = s.runner().fetch(conv1.value()).fetch(head.value()).run()) {
        assertEquals(
            sd.get("conv1.weight").values().transpose(2, 3, 1, 0),
            FloatArray.of((TFloat32) r.get(0)));
        assertEquals(
            sd.get("linear.weight").values().transpose(1, 0), FloatArray.of((TFloat32) r.get(1)));
      }
    }
  }

  @Test
  void tensorFlowCheckpointBecomesARunToo(@TempDir Path tmp) throws IOException {
    StateDict sd = TorchCheckpoint.read(RealData.require(RESNET20));
    ImportedRun fromTorch =
        RunImport.fromTorch(
            sd, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, tmp.resolve("a"));
    ImportedRun fromTf =
        RunImport.fromTensorFlow(
            fromTorch.checkpointPrefix(),
            NameMap.IDENTITY,
            ResNetPreset.RESNET20.config(),
            ImportOptions.STRICT,
            tmp.resolve("b"));
    assertEquals(97, fromTf.imported());
    assertTrue(
        Files.readString(tmp.resolve("b/import.json"))
            .contains("\"format\" : \"tensorflow checkpoint\""));
    assertArrayEquals(
        Files.readAllBytes(tmp.resolve("a/checkpoints/epoch-000/ckpt.data-00000-of-00001")),
        Files.readAllBytes(tmp.resolve("b/checkpoints/epoch-000/ckpt.data-00000-of-00001")));
  }

  @Test
  void refusesToOverwriteARunAndWritesNothingForAMismatchedDict(@TempDir Path tmp)
      throws IOException {
    StateDict sd = TorchCheckpoint.read(RealData.require(RESNET20));
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.json"), "{}");
    ReslabException e =
        assertThrows(
            ReslabException.class,
            () ->
                RunImport.fromTorch(sd, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, run));
    assertEquals(
        run + " already holds a run; choose a new directory for the import", e.getMessage());

    Path other = tmp.resolve("other");
    assertThrows(
        ReslabException.class,
        () -> RunImport.fromTorch(sd, ResNetPreset.RESNET32.config(), ImportOptions.STRICT, other));
    assertFalse(Files.exists(other), "weights that do not fit leave no folder behind");

    // a folder another process writes into (a training that has not written config.json yet)
    Path busy = tmp.resolve("busy");
    try (RunLock trainer = RunLock.acquire(busy, "trained")) {
      RunBusyException refused =
          assertThrows(
              RunBusyException.class,
              () ->
                  RunImport.fromTorch(
                      sd, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, busy));
      assertTrue(
          refused.getMessage().startsWith(busy + " is being trained by "), refused.getMessage());
      assertTrue(Files.exists(busy), "the trainer's folder stays");
    }
  }

  @Test
  void stemAndClassesAreInferredFromTheWeightsUnlessGiven() {
    StateDict resnet18 =
        TorchCheckpoint.read(
            RealData.require("weights/torchvision-resnet18/resnet18-torchvision-seed0.pth"));
    ResNetConfig inferred =
        RunImport.inferFromWeights(resnet18, ResNetPreset.RESNET18.config(), false, false);
    assertEquals(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000), inferred);
    ResNetConfig fixed =
        RunImport.inferFromWeights(resnet18, ResNetPreset.RESNET18.config(), true, true);
    assertEquals(ResNetPreset.RESNET18.config(), fixed);
    assertEquals(Optional.of(ResNetPreset.RESNET18), TorchWeightMapping.matchingPreset(resnet18));
    StateDict resnet20 = TorchCheckpoint.read(RealData.require(RESNET20));
    assertEquals(Optional.of(ResNetPreset.RESNET20), TorchWeightMapping.matchingPreset(resnet20));
    assertEquals(
        Optional.of(ResNetPreset.RESNET32),
        TorchWeightMapping.matchingPreset(
            TorchCheckpoint.read(RealData.require("weights/resnet-cifar10/resnet32-d509ac18.th"))));
    assertArrayEquals(
        new int[] {10},
        new int[] {
          RunImport.inferFromWeights(
                  resnet20, ResNetPreset.RESNET20.config(Stem.CIFAR, 100), false, false)
              .classes()
        });
  }

  @Test
  void aPyTorchFileImportsIntoTheArchitectureItShows(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("r20");
    ImportedRun imported = RunImport.fromTorch(RealData.require(RESNET20), run);
    assertEquals(ResNetPreset.RESNET20.config(Stem.CIFAR, 10), imported.config());
    assertEquals(97, imported.imported());
    RunConfig written = RunDirectory.open(run).readConfig();
    assertEquals(imported.config(), written.model());
    // He et al.'s weights expect ImageNet's statistics; the run says so for evaluation and export
    Map<?, ?> normalization = (Map<?, ?>) written.data().get("normalization");
    assertEquals(List.of(0.485, 0.456, 0.406), normalization.get("mean"));
    assertEquals(List.of(0.229, 0.224, 0.225), normalization.get("std"));

    StateDict torchvision =
        TorchCheckpoint.read(
            RealData.require("weights/torchvision-resnet18/resnet18-torchvision-seed0.pth"));
    assertEquals(
        ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000), RunImport.architectureOf(torchvision));
  }

  @Test
  void aFileOfNoPresetIsRefusedNamingWhatItHolds(@TempDir Path tmp) {
    StateDict full = TorchCheckpoint.read(RealData.require(RESNET20));
    Map<String, TorchTensor> shorter = new LinkedHashMap<>(full.tensors());
    shorter.keySet().removeIf(n -> n.startsWith("layer3.2."));
    StateDict twoBlocks = new StateDict(full.source(), shorter);
    ReslabException e =
        assertThrows(ReslabException.class, () -> RunImport.architectureOf(twoBlocks));
    assertTrue(
        e.getMessage()
            .startsWith(
                "state dict "
                    + full.source()
                    + " matches no ResNet preset: it has blocks per stage [3, 3, 2], a 3x3 stem"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "; expected blocks per stage and stem channels of a preset: resnet18 [2, 2, 2, 2]"
                    + " from 64, resnet20 [3, 3, 3] from 16, resnet32 [5, 5, 5] from 16"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; give its architecture as a ResNetConfig"));
  }
}
