package dev.reslab.interop.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on the three Python-made SavedModels of the shared data. */
class SavedModelInspectorTest {
  static final String TF1 = "savedmodels/tensorflow-java-testmodels/saved_model";
  static final String TF2 = "savedmodels/tensorflow-java-testmodels/saved_model_using_python/model";
  static final String KERAS = "savedmodels/keras-cifar10-cnn/cifar10_model";

  @Test
  void tf1ModelWithPredictClassifyAndRegressSignatures() {
    SavedModelInfo info = SavedModelInspector.inspect(RealData.require(TF1));
    MetaGraphInfo mg = info.serving();
    assertEquals(List.of("serve"), mg.tags());
    assertEquals(
        List.of(
            "classify_x2_to_y3",
            "classify_x_to_y",
            "regress_x2_to_y3",
            "regress_x_to_y",
            "regress_x_to_y2",
            "serving_default"),
        mg.callableSignatures());
    SignatureInfo serving = mg.signatures().get("serving_default");
    assertEquals("tensorflow/serving/predict", serving.methodName());
    assertEquals("x:0", serving.inputs().get("x").name());
    assertArrayEquals(new long[] {-1, 1}, serving.outputs().get("y").shape());
    assertEquals(
        "DT_STRING", mg.signatures().get("classify_x_to_y").inputs().get("inputs").dtype());
    assertNull(mg.signatures().get("classify_x_to_y").inputs().get("inputs").shape());
    assertEquals(4, mg.variables().size(), "TF1 variables are the graph's VariableV2 ops");
    assertTrue(mg.functions().isEmpty());

    String text = info.toText();
    assertTrue(
        text.startsWith(
            "MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:\n\n"
                + "signature_def['classify_x2_to_y3']:\n"),
        text);
    assertTrue(
        text.contains(
            """
        signature_def['serving_default']:
          The given SavedModel SignatureDef contains the following input(s):
            inputs['x'] tensor_info:
                dtype: DT_FLOAT
                shape: (-1, 1)
                name: x:0
          The given SavedModel SignatureDef contains the following output(s):
            outputs['y'] tensor_info:
                dtype: DT_FLOAT
                shape: (-1, 1)
                name: y:0
          Method name is: tensorflow/serving/predict
        """),
        text);
    assertTrue(text.contains("shape: unknown_rank\n        name: tf_example:0"), text);
    assertTrue(text.contains("Variables: 4 ("), text);
  }

  @Test
  void tf2ModuleWithFiveSignaturesAndOneVariable() {
    MetaGraphInfo mg = SavedModelInspector.inspect(RealData.require(TF2)).serving();
    assertEquals("2.4.1", mg.tensorflowVersion());
    assertEquals(
        List.of("add", "get_const_matrix", "get_const_scalar", "get_const_vector", "get_variable"),
        mg.callableSignatures());
    assertTrue(mg.signatures().containsKey(SignatureInfo.INIT_OP));
    assertEquals(List.of("a", "b"), List.copyOf(mg.signatures().get("add").inputs().keySet()));
    assertArrayEquals(
        new long[] {}, mg.signatures().get("get_variable").outputs().get("output_0").shape());
    assertEquals(1, mg.variables().size());
    assertEquals(1, mg.variableValues());
    assertTrue(
        mg.functions().containsAll(List.of("serve", "get_scalar", "add")),
        mg.functions().toString());
    String text = SavedModelInspector.inspect(RealData.require(TF2)).toText();
    assertTrue(
        text.contains(
            "outputs['output_0'] tensor_info:\n        dtype: DT_FLOAT\n        shape: ()\n"),
        text);
    assertTrue(text.contains("signature_def['__saved_model_init_op']:"), text);
  }

  @Test
  void kerasCnnServingSignatureAndVariables() {
    MetaGraphInfo mg = SavedModelInspector.inspect(RealData.require(KERAS)).serving();
    assertEquals("2.14.0", mg.tensorflowVersion());
    SignatureInfo serving = mg.signatures().get("serving_default");
    TensorSpec in = serving.inputs().get("conv2d_input");
    assertEquals("serving_default_conv2d_input:0", in.name());
    assertEquals("(-1, 32, 32, 3)", in.shapeText());
    assertEquals("dense_1 float [-1,10]", serving.outputs().get("dense_1").describe());
    // 6 weights of conv2d, dense, dense_1; Adam's iteration, learning rate and 12 slots; 2 metrics
    // x (total, count).
    assertEquals(24, mg.variables().size());
    assertTrue(
        mg.variables().stream()
            .anyMatch(v -> v.key().equals("dense/kernel") && v.shapeText().equals("(7200, 32)")));
  }

  @Test
  void folderWithoutSavedModelPbIsAnErrorNamingIt(@TempDir Path tmp) throws IOException {
    Files.createDirectory(tmp.resolve("variables"));
    Files.writeString(tmp.resolve("notes.txt"), "x");
    ReslabException e = assertThrows(ReslabException.class, () -> SavedModelInspector.inspect(tmp));
    assertEquals(
        tmp + " is not a SavedModel: it has no saved_model.pb; it contains notes.txt, variables/",
        e.getMessage());
    ReslabException absent =
        assertThrows(ReslabException.class, () -> SavedModelInspector.inspect(tmp.resolve("nope")));
    assertEquals(
        "SavedModel directory " + tmp.resolve("nope") + " does not exist", absent.getMessage());
  }

  @Test
  void corruptSavedModelPb(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve("saved_model.pb"), new byte[] {0x0a, (byte) 0xff, 0x01});
    ReslabException e = assertThrows(ReslabException.class, () -> SavedModelInspector.inspect(tmp));
    assertTrue(
        e.getMessage()
            .startsWith(tmp.resolve("saved_model.pb") + " is not a SavedModel protocol buffer"),
        e.getMessage());
  }
}
