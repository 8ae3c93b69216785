package dev.reslab.interop.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class TfCheckpointTest {
  private static final String KERAS = "savedmodels/keras-cifar10-cnn/cifar10_model";

  @Test
  void kerasSavedModelVariablesGetTheirLayerNamesFromTheObjectGraph() {
    Path dir = RealData.require(KERAS);
    TfCheckpoint ckpt = TfCheckpoint.open(dir);
    assertEquals(
        "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
        ckpt.variables().get("dense/kernel").key());
    assertArrayEquals(new long[] {3, 3, 3, 32}, ckpt.variables().get("conv2d/kernel").shape());
    assertEquals("DT_INT64", ckpt.variables().get("iteration").dtype());
    // Values read in plain Java equal what TensorFlow itself restores into the loaded model.
    FloatArray bias = ckpt.readFloat("dense_1/bias");
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
      Ops tf = Ops.create(bundle.graph());
      var read =
          tf.readVariableOp(bundle.graph().operation("dense_1/bias").output(0), TFloat32.class);
      try (Result r = bundle.session().runner().fetch(read).run()) {
        assertEquals(FloatArray.of((TFloat32) r.get(0)), bias);
      }
    }
  }

  @Test
  void tf1VariablesByName() {
    TfCheckpoint ckpt =
        TfCheckpoint.open(RealData.require("savedmodels/tensorflow-java-testmodels/saved_model"));
    assertEquals(List.of("a", "b", "c"), List.copyOf(ckpt.variables().keySet()));
    assertArrayEquals(
        new float[] {0.5f}, ckpt.readFloat("a").values()); // serving_default computes y = a·x + b
    assertArrayEquals(new float[] {2f}, ckpt.readFloat("b").values());
  }

  @Test
  void missingAndTruncatedCheckpointsAreErrorsNamingTheFile(@TempDir Path tmp) throws IOException {
    ReslabException none = assertThrows(ReslabException.class, () -> TfCheckpoint.open(tmp));
    assertTrue(
        none.getMessage().startsWith(tmp + " holds no TensorFlow checkpoint"), none.getMessage());
    ReslabException noPrefix =
        assertThrows(ReslabException.class, () -> TfCheckpoint.open(tmp.resolve("ckpt")));
    assertEquals(
        "no TensorFlow checkpoint at "
            + tmp.resolve("ckpt")
            + ": "
            + tmp.resolve("ckpt")
            + ".index does not exist",
        noPrefix.getMessage());

    byte[] index = Files.readAllBytes(RealData.require(KERAS).resolve("variables/variables.index"));
    Path cut = tmp.resolve("cut");
    Files.write(tmp.resolve("cut.index"), Arrays.copyOf(index, index.length - 10));
    ReslabException e = assertThrows(ReslabException.class, () -> TfCheckpoint.open(cut));
    assertTrue(
        e.getMessage()
            .startsWith(tmp.resolve("cut.index") + " is not a TensorFlow checkpoint index"),
        e.getMessage());
  }
}
