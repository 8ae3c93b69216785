package dev.reslab.interop.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.CifarTestImages;
import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running Python-made SavedModels: TF1, TF2 tf.Module and a Keras CNN. */
class ImportedSavedModelTest {

  @Test
  void tf1ServingDefaultPicksItsOnlyInputAndOutput() {
    try (ImportedSavedModel m =
        ImportedSavedModel.load(RealData.require(SavedModelInspectorTest.TF1))) {
      assertEquals("serving_default", m.defaultSignature());
      FloatArray y =
          m.run(
              "serving_default",
              new FloatArray(new long[] {2, 1}, new float[] {2f, 4f}),
              Preprocessing.NONE);
      assertArrayEquals(new long[] {2, 1}, y.shape());
      // y = a·x + b with a = 0.5, b = 2 (the test model's variables)
      assertArrayEquals(new float[] {3f, 4f}, y.values(), 1e-6f);
    }
  }

  @Test
  void tf2ModuleRunsNamedSignaturesOfUnknownRank() {
    try (ImportedSavedModel m =
        ImportedSavedModel.load(RealData.require(SavedModelInspectorTest.TF2))) {
      FloatArray v =
          m.run(
              "get_const_vector",
              new FloatArray(new long[] {3}, new float[] {1, 2, 3}),
              Preprocessing.NONE);
      assertArrayEquals(new float[] {1, 2, 3}, v.values());
      FloatArray variable =
          m.run("get_variable", new FloatArray(new long[] {}, new float[] {0}), Preprocessing.NONE);
      assertArrayEquals(new float[] {2f}, variable.values());
      ReslabException two =
          assertThrows(
              ReslabException.class,
              () ->
                  m.run(
                      "add", new FloatArray(new long[] {1}, new float[] {1}), Preprocessing.NONE));
      assertEquals("signature 'add' has 2 inputs (a, b); name the input to use", two.getMessage());
      FloatArray sum =
          m.call(
                  "add",
                  Map.of(
                      "a",
                      new FloatArray(new long[] {2}, new float[] {1, 2}),
                      "b",
                      new FloatArray(new long[] {2}, new float[] {10, 20})))
              .get("output_0");
      assertArrayEquals(new float[] {11, 22}, sum.values());
      ReslabException onlyA =
          assertThrows(
              ReslabException.class,
              () -> m.call("add", Map.of("a", new FloatArray(new long[] {1}, new float[] {1}))));
      assertEquals("signature 'add' takes inputs a, b, got a", onlyA.getMessage());
      ReslabException noDefault = assertThrows(ReslabException.class, m::defaultSignature);
      assertTrue(
          noDefault
              .getMessage()
              .endsWith(
                  "has no serving_default signature; choose one of add, "
                      + "get_const_matrix, get_const_scalar, get_const_vector, get_variable"),
          noDefault.getMessage());
    }
  }

  @Test
  void aCopyWithoutItsVariablesFolderIsRefusedNamingIt(@TempDir Path tmp) throws IOException {
    Path source = RealData.require(SavedModelInspectorTest.KERAS);
    Path copy = tmp.resolve("model");
    Files.createDirectories(copy);
    Files.copy(source.resolve("saved_model.pb"), copy.resolve("saved_model.pb"));
    ReslabException e = assertThrows(ReslabException.class, () -> ImportedSavedModel.load(copy));
    assertTrue(e.getMessage().startsWith("SavedModel " + copy + " has "), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                " variables but no "
                    + copy.resolve("variables/variables.index")
                    + " (the variables folder is missing); copy the whole SavedModel folder"),
        e.getMessage());
  }

  @Test
  void unknownSignatureListsTheValidOnes() {
    Path dir = RealData.require(SavedModelInspectorTest.TF1);
    try (ImportedSavedModel m = ImportedSavedModel.load(dir)) {
      ReslabException e =
          assertThrows(
              ReslabException.class,
              () ->
                  m.run(
                      "predict",
                      new FloatArray(new long[] {1, 1}, new float[] {1}),
                      Preprocessing.NONE));
      assertEquals(
          "SavedModel "
              + dir
              + " has no signature 'predict'; its signatures are classify_x2_to_y3, "
              + "classify_x_to_y, regress_x2_to_y3, regress_x_to_y, regress_x_to_y2, serving_default",
          e.getMessage());
    }
  }

  @Test
  void inputOfWrongRankIsAnErrorWithTheExpectedShape() {
    try (ImportedSavedModel m =
        ImportedSavedModel.load(RealData.require(SavedModelInspectorTest.KERAS))) {
      FloatArray oneImage = new FloatArray(new long[] {32, 32, 3}, new float[32 * 32 * 3]);
      ReslabException e =
          assertThrows(
              ReslabException.class,
              () -> m.run(m.defaultSignature(), oneImage, Preprocessing.NONE));
      assertEquals(
          "input 'conv2d_input' of signature 'serving_default' needs rank 4 shape [-1,32,32,3] "
              + "(-1: any size), got [32,32,3]",
          e.getMessage());
      FloatArray wrongSize = new FloatArray(new long[] {1, 28, 28, 3}, new float[28 * 28 * 3]);
      ReslabException size =
          assertThrows(
              ReslabException.class,
              () -> m.run(m.defaultSignature(), wrongSize, Preprocessing.NONE));
      assertTrue(
          size.getMessage().endsWith("needs shape [-1,32,32,3] (-1: any size), got [1,28,28,3]"),
          size.getMessage());
    }
  }

  @Test
  void folderWithoutSavedModelPbCannotBeLoaded(@TempDir Path tmp) {
    ReslabException e = assertThrows(ReslabException.class, () -> ImportedSavedModel.load(tmp));
    assertEquals(
        tmp + " is not a SavedModel: it has no saved_model.pb; it contains nothing",
        e.getMessage());
  }

  @Test
  void kerasCifarCnnOnTheExactTestImages() {
    // Raw pixels in [0, 255]; the model was trained on pixels / 255.
    CifarTestImages test =
        CifarTestImages.read(
            RealData.require("cifar10/cifar-10-batches-bin/test_batch.bin"),
            new float[] {0, 0, 0},
            new float[] {1 / 255f, 1 / 255f, 1 / 255f});
    try (ImportedSavedModel m =
        ImportedSavedModel.load(RealData.require(SavedModelInspectorTest.KERAS))) {
      FloatArray probabilities =
          m.run(m.defaultSignature(), test.images(), Preprocessing.scaleOnly(1 / 255f), 128);
      assertArrayEquals(new long[] {932, 10}, probabilities.shape());
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
          if (probabilities.values()[i * 10 + c] > probabilities.values()[i * 10 + best]) {
            best = c;
          }
        }
        correct += best == test.labels()[i] ? 1 : 0;
      }
      System.out.printf(
          "Keras CIFAR-10 CNN: %d of %d exact test images correct (%.2f %%)%n",
          correct, test.size(), 100.0 * correct / test.size());
      // A small CNN (conv 32, max-pool, dense 32, dense 10): 58.48 %; BGR order would give 340,
      // transposed 202.
      assertEquals(545, correct);
    }
  }
}
