package dev.reslab.interop.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.run.ImportedRun;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** TensorFlow checkpoints into a reslab ResNet, with and without a name map. */
class TfWeightImportTest {
  private static final String RESNET20 = "weights/resnet-cifar10/resnet20-12fca82f.th";

  private static List<ModelVariable> resnet20Variables(Graph g) {
    Ops tf = Ops.create(g);
    ResNet model = ResNet.build(ResNetPreset.RESNET20.config());
    model.apply(
        tf,
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3))),
        CallContext.inference(tf));
    return model.variables();
  }

  @Test
  void reslabCheckpointImportsWithoutAMap(@TempDir Path tmp) {
    VariableValues torch;
    ImportedRun run;
    try (Graph g = new Graph()) {
      var sd = TorchCheckpoint.read(RealData.require(RESNET20));
      torch = TorchWeightMapping.map(sd, resnet20Variables(g), ImportOptions.STRICT);
      run =
          RunImport.fromTorch(
              sd, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, tmp.resolve("run"));
    }
    try (Graph g = new Graph()) {
      VariableValues tf =
          TfWeightMapping.map(
              TfCheckpoint.open(run.checkpointPrefix().getParent()),
              resnet20Variables(g),
              NameMap.IDENTITY,
              ImportOptions.STRICT);
      assertEquals(torch.values(), tf.values());
    }
  }

  @Test
  void renamedCheckpointImportsThroughALayerNameMap(@TempDir Path tmp) throws IOException {
    VariableValues expected;
    try (Graph g = new Graph()) {
      expected =
          TorchWeightMapping.map(
              TorchCheckpoint.read(RealData.require(RESNET20)),
              resnet20Variables(g),
              ImportOptions.STRICT);
    }
    // A checkpoint whose variables are called net/<layer>/<role>, as another framework might name
    // them.
    Path prefix = tmp.resolve("ckpt");
    Map<String, String> layers = new HashMap<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops net = Ops.create(g).withSubScope("net");
      Map<String, Ops> scopes = new HashMap<>();
      try (Graph model = new Graph()) {
        for (ModelVariable v : resnet20Variables(model)) {
          Ops layer = scopes.computeIfAbsent(v.layer(), net::withSubScope);
          FloatArray value = expected.get(v.name());
          layer
              .withName(v.role())
              .variable(net.constant(value.tfShape(), DataBuffers.of(value.values(), true, false)));
          layers.put(v.layer(), "net/" + v.layer());
        }
      }
      s.initialize();
      s.save(prefix.toString());
    }
    Path mapFile = tmp.resolve("names.json");
    Files.writeString(mapFile, new ObjectMapper().writeValueAsString(layers));
    try (Graph g = new Graph()) {
      List<ModelVariable> vars = resnet20Variables(g);
      TfCheckpoint ckpt = TfCheckpoint.open(prefix);
      VariableValues imported =
          TfWeightMapping.map(ckpt, vars, NameMap.read(mapFile), ImportOptions.STRICT);
      assertEquals(expected.values(), imported.values());

      ReslabException unmapped =
          assertThrows(
              ReslabException.class,
              () -> TfWeightMapping.map(ckpt, vars, NameMap.IDENTITY, ImportOptions.STRICT));
      assertTrue(
          unmapped
              .getMessage()
              .startsWith(
                  "checkpoint "
                      + prefix
                      + " does not fit the model: 97 missing: "
                      + "conv1/kernel, bn1/gamma"),
          unmapped.getMessage());
      assertTrue(
          unmapped.getMessage().endsWith("(map names with a JSON name map)"),
          unmapped.getMessage());

      ReslabException typo =
          assertThrows(
              ReslabException.class,
              () ->
                  TfWeightMapping.map(
                      ckpt,
                      vars,
                      new NameMap(Map.of("conv01", "net/conv1")),
                      ImportOptions.STRICT));
      assertEquals("name map entries match no model variable or layer: conv01", typo.getMessage());
    }
  }

  @Test
  void malformedNameMapIsAnErrorNamingTheFile(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("names.json");
    Files.writeString(f, "[1, 2]");
    ReslabException e = assertThrows(ReslabException.class, () -> NameMap.read(f));
    assertTrue(
        e.getMessage().startsWith("name map " + f + " is not a JSON object of strings"),
        e.getMessage());
  }
}
