package dev.reslab.interop.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.ReslabException;
import dev.reslab.lock.RunBusyException;
import dev.reslab.lock.RunLock;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.InMemoryInput;
import dev.reslab.model.training.Trainer;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * Export → structure of saved_model.pb as Python's loader reads it → reload with identical outputs.
 */
class SavedModelExportTest {
  private static final ResNetConfig MODEL =
      ResNetPreset.RESNET18.config().toBuilder()
          .classes(4)
          .widthFactor(0.125)
          .depths(1, 1, 1, 1)
          .remove("layer3")
          .build();
  private static final float[] MEAN = {0.5f, 0.4f, 0.3f};
  private static final float[] STD = {0.25f, 0.2f, 0.3f};
  private static final List<String> CLASSES = List.of("north", "east", "south", "west");

  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void trainOneEpoch() {
    int n = 32;
    float[] x = new float[n * 16 * 16 * 3];
    float[] y = new float[n * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.013);
    }
    for (int i = 0; i < n; i++) {
      y[i * 4 + i % 4] = 1;
    }
    run = tmp.resolve("run");
    Trainer.builder(MODEL, TrainingConfig.defaults(1, 16))
        .trainData(new InMemoryInput(x, 16, y, 4, 16, true, 1))
        .runDirectory(run)
        .dataDescription(
            Map.of(
                "normalization",
                Map.of("mean", MEAN, "std", STD),
                "dataset",
                "tiny",
                "imageSize",
                16,
                "labels",
                CLASSES))
        .build()
        .run();
  }

  private static float[] pixels(int n) {
    float[] p = new float[n * 16 * 16 * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = (i * 37) % 256;
    }
    return p;
  }

  @Test
  void savedModelHasWhatPythonsLoaderReadsAndReloadsWithIdenticalOutputs() throws Exception {
    Path out = tmp.resolve("export");
    SavedModelExport.Exported e = SavedModelExport.export(run, out);
    assertArrayEquals(MEAN, e.mean(), "the run's recorded normalisation");
    assertArrayEquals(STD, e.std());
    assertEquals(List.of("layer1", "layer2", "layer3", "layer4"), e.features());

    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(out.resolve("saved_model.pb")));
    assertEquals(1, sm.getMetaGraphsCount());
    MetaGraphDef mg = sm.getMetaGraphs(0);
    assertEquals(List.of("serve"), mg.getMetaInfoDef().getTagsList());
    Map<String, NodeDef> nodes =
        mg.getGraphDef().getNodeList().stream().collect(Collectors.toMap(NodeDef::getName, n -> n));
    assertEquals(Set.of("serving_default", "features"), mg.getSignatureDefMap().keySet());
    SignatureDef serving = mg.getSignatureDefOrThrow("serving_default");
    assertEquals("tensorflow/serving/predict", serving.getMethodName());
    assertEquals(Set.of("images"), serving.getInputsMap().keySet());
    assertEquals(Set.of("logits", "probabilities"), serving.getOutputsMap().keySet());
    TensorInfo images = serving.getInputsOrThrow("images");
    assertEquals(DataType.DT_FLOAT, images.getDtype());
    assertEquals(
        List.of(-1L, -1L, -1L, 3L),
        images.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
    assertEquals(
        List.of(-1L, 4L),
        serving.getOutputsOrThrow("logits").getTensorShape().getDimList().stream()
            .map(d -> d.getSize())
            .toList());
    for (SignatureDef sig : mg.getSignatureDefMap().values()) {
      for (TensorInfo t : sig.getInputsMap().values()) {
        assertTrue(
            nodes.containsKey(t.getName().split(":")[0]), "input tensor in graph: " + t.getName());
      }
      for (TensorInfo t : sig.getOutputsMap().values()) {
        assertEquals(DataType.DT_FLOAT, t.getDtype(), t.getName());
        assertTrue(
            nodes.containsKey(t.getName().split(":")[0]), "output tensor in graph: " + t.getName());
      }
    }
    assertTrue(
        nodes.containsKey(mg.getSaverDef().getRestoreOpName().split(":")[0]), "saver restore op");
    assertTrue(nodes.containsKey("conv1/kernel"), "variables keep their names");
    assertFalse(
        nodes.values().stream()
            .anyMatch(
                n ->
                    n.getOp().startsWith("Apply")
                        || n.getOp().contains("Iterator")
                        || n.getOp().equals("AssignSub")),
        "no training or data ops in the inference graph");
    assertTrue(Files.isRegularFile(out.resolve("variables/variables.index")));
    assertTrue(Files.isRegularFile(out.resolve("variables/variables.data-00000-of-00001")));
    assertTrue(Files.readString(out.resolve("assets.extra/reslab.json")).contains("raw RGB 0-255"));
    // what predict and the analyses need to read image files for it: the run's size and classes
    ExportDescription described = ExportDescription.read(out).orElseThrow();
    assertEquals(MODEL, described.model());
    assertEquals(16, described.imageSize());
    assertEquals(CLASSES, described.classNames());
    assertEquals("tiny", described.data().get("dataset"));
    var input =
        new ObjectMapper().readTree(out.resolve("assets.extra/reslab.json").toFile()).get("input");
    assertEquals(16, input.get("height").asInt(), "for Python users too");
    assertEquals(16, input.get("width").asInt());
    assertTrue(ExportDescription.read(tmp).isEmpty(), "not an export");

    float[] raw = pixels(3);
    float[] exported;
    float[] layer4;
    float[] graphNormalised;
    try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
        TFloat32 in = FloatTensors.of(raw, 3, 16, 16, 3);
        Result r =
            b.session()
                .runner()
                .feed(images.getName(), in)
                .fetch(serving.getOutputsOrThrow("logits").getName())
                .fetch(mg.getSignatureDefOrThrow("features").getOutputsOrThrow("layer4").getName())
                .fetch("normalised_images")
                .run()) {
      exported = FloatTensors.toArray(r.get(0));
      layer4 = FloatTensors.toArray(r.get(1));
      graphNormalised = FloatTensors.toArray(r.get(2));
    }
    float[] normalised = raw.clone();
    for (int i = 0; i < raw.length; i++) {
      normalised[i] = (raw[i] / 255f - MEAN[i % 3]) / STD[i % 3];
    }
    assertArrayEquals(
        normalised,
        graphNormalised,
        1e-6f,
        "the graph normalises raw pixels with the run's mean/std");
    try (InferenceModel m = InferenceModel.load(run)) {
      // Bit-identical: same weights, same ops, same input.
      assertArrayEquals(
          m.logits(graphNormalised, 3, 16, 16), exported, 0f, "same logits as the run's model");
      assertArrayEquals(
          m.layerOutput("layer4", graphNormalised, 3, 16, 16), layer4, 0f, "same layer4");
    }
  }

  /**
   * An export into a run folder (RUN/saved_model) writes into that run, so not while another
   * process trains it; an export elsewhere only reads the run and goes ahead.
   */
  @Test
  void exportIntoARunBeingTrainedStopsAndElsewhereGoesAhead() throws Exception {
    Path inside = run.resolve("saved_model-locked");
    try (RunLock trainer = RunLock.acquire(run, "trained")) {
      RunBusyException busy =
          assertThrows(
              RunBusyException.class, () -> SavedModelExport.export(run, inside, null, null));
      assertTrue(
          busy.getMessage().startsWith(run.toAbsolutePath() + " is being trained by another "),
          busy.getMessage());
      assertFalse(Files.exists(inside), "nothing written");
      Path outside = tmp.resolve("export-while-training");
      SavedModelExport.export(run, outside, null, null);
      assertTrue(Files.isRegularFile(outside.resolve("saved_model.pb")));
    }
    SavedModelExport.export(run, inside, null, null);
    assertTrue(Files.isRegularFile(inside.resolve("saved_model.pb")));
    assertFalse(RunLock.isHeld(run), "the export let go of the run");
  }

  /** An export made before the size was recorded: the model only, size unknown (0). */
  @Test
  void anOldDescriptionHasNoSizeAndABrokenOneIsNamed() throws Exception {
    Path old = Files.createDirectories(tmp.resolve("old-export/assets.extra"));
    Files.writeString(
        old.resolve("reslab.json"),
        "{\"model\": " + MODEL.toJson() + ", \"input\": {\"name\": \"images\"}}");
    ExportDescription d = ExportDescription.read(old.getParent()).orElseThrow();
    assertEquals(0, d.imageSize());
    assertEquals(List.of(), d.classNames());
    Files.writeString(old.resolve("reslab.json"), "{\"input\": {}}");
    assertEquals(
        old.resolve("reslab.json") + ": not a reslab export description: it has no model",
        assertThrows(ReslabException.class, () -> ExportDescription.read(old.getParent()))
            .getMessage());
  }

  @Test
  void badInputGivesOneLineErrors() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("taken"));
    assertEquals(
        existing + " already exists; choose a new folder for the SavedModel",
        assertThrows(
                ReslabException.class, () -> SavedModelExport.export(run, existing, null, null))
            .getMessage());
    String notRun =
        assertThrows(
                ReslabException.class,
                () -> SavedModelExport.export(tmp.resolve("nothing"), tmp.resolve("x"), null, null))
            .getMessage();
    assertTrue(
        notRun.endsWith(
            "is neither a run directory (with config.json) nor one of its checkpoints "
                + "(RUN/checkpoints/epoch-NNN)"),
        notRun);
    assertEquals(
        "a normalisation override needs both the means and the standard deviations, 3 values each",
        assertThrows(
                ReslabException.class,
                () -> SavedModelExport.export(run, tmp.resolve("y"), new float[] {1, 2, 3}, null))
            .getMessage());
  }
}
