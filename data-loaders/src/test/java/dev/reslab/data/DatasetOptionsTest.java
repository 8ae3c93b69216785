package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetOptionsTest {

  @Test
  void builderAndWithMethodsSetOneSettingEach() {
    DatasetOptions built =
        DatasetOptions.DEFAULTS.toBuilder()
            .seed(5)
            .examples(40)
            .imageSize(64)
            .attributes(List.of("Smiling"))
            .classes(List.of("cat", "dog"))
            .build();
    assertEquals(new DatasetOptions(5, 40, 64, List.of("Smiling"), List.of("cat", "dog")), built);
    assertEquals(
        built,
        DatasetOptions.DEFAULTS
            .withSeed(5)
            .withExamples(40)
            .withImageSize(64)
            .withAttributes(List.of("Smiling"))
            .withClasses(List.of("cat", "dog")));
    assertEquals(
        new DatasetOptions(5, 40, 32, List.of("Smiling"), List.of("cat", "dog")),
        built.withImageSize(32));
  }

  @Test
  void checksStillHoldWhenBuilt() {
    assertEquals(
        "examples and image size must be >= 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> DatasetOptions.DEFAULTS.toBuilder().imageSize(-1).build())
            .getMessage());
  }
}
