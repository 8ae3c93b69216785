package dev.reslab.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-edited JSON with a wrong type, an unknown field, a failed check or bad syntax gives one line
 * naming the file, the field, its line and column (counted by hand below), what was expected and
 * what was found, whether the reader mapped the text directly or read a tree first.
 */
class JsonFileErrorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Model(String stem, double width, List<Integer> depths) {
    Model {
      Objects.requireNonNull(stem, "stem");
      if (width <= 0) {
        throw new IllegalArgumentException("width must be positive, got " + width);
      }
    }
  }

  record Run(Model model, int epochs, boolean augment) {}

  @TempDir Path tmp;

  /** The message for {@code text} read as a Run, both ways readers read it. */
  private String error(String text) throws Exception {
    Path file = Files.writeString(tmp.resolve("config.json"), text);
    JsonProcessingException direct =
        assertThrows(JsonProcessingException.class, () -> JSON.readValue(file.toFile(), Run.class));
    String message = JsonFileError.of(file, direct).getMessage();
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (JsonProcessingException syntax) {
      return message;
    }
    JsonProcessingException viaTree =
        assertThrows(JsonProcessingException.class, () -> JSON.treeToValue(tree, Run.class));
    assertEquals(message, JsonFileError.of(file, viaTree).getMessage(), "the same via a tree");
    return message;
  }

  @Test
  void aWrongTypeNamesFieldLineColumnExpectedAndFound() throws Exception {
    String text =
        """
        {
          "model": {
            "stem": "cifar",
            "width": "wide",
            "depths": [2, 2]
          },
          "epochs": 3
        }
        """;
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model.width\" at line 4, column 14 must be a number, found \"wide\"",
        error(text));
    assertTrue(
        error(text.replace("\"epochs\": 3", "\"epochs\": \"three\"")).contains("\"model.width\""),
        "the first problem");
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model.depths[1]\" at line 5, column 19 must be a whole number, found \"two\"",
        error(text.replace("\"wide\"", "0.5").replace("[2, 2]", "[2, \"two\"]")));
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model\" at line 2, column 12 must be an object, found a list",
        error("{\n  \"model\": [1, 2]\n}"));
    assertEquals(
        tmp.resolve("config.json")
            + ": \"augment\" at line 1, column 13 must be true or false, found \"yes\"",
        error("{\"augment\": \"yes\"}"));
    assertEquals(
        tmp.resolve("config.json")
            + ": the document at line 1, column 1 must be an object, found a list",
        error("[1, 2]"));
  }

  @Test
  void anUnknownFieldIsPointedAtAndTheKnownOnesListed() throws Exception {
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model.widht\" at line 3, column 5 is not a known field; expected one of"
            + " \"depths\", \"stem\", \"width\"",
        error("{\n  \"model\": {\n    \"widht\": 0.5\n  }\n}"));
    // with the field's check passing, Jackson itself finds the misspelling: the same words
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model.widht\" at line 3, column 5 is not a known field; expected one of"
            + " \"depths\", \"stem\", \"width\"",
        error("{\n  \"model\": {\n    \"widht\": 0.5, \"width\": 1, \"stem\": \"s\"\n  }\n}"));
  }

  @Test
  void theConfigurationsOwnCheckIsSaidWhereItFailed() throws Exception {
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model\" at line 2, column 12: width must be positive, got -1.0",
        error("{\n  \"model\": {\"stem\": \"x\", \"width\": -1}\n}"));
    assertEquals(
        tmp.resolve("config.json")
            + ": \"model.stem\" is missing from the object at line 2, column 12",
        error("{\n  \"model\": {\"width\": 1}\n}"));
  }

  @Test
  void badSyntaxSaysWhereTheTextBreaks() throws Exception {
    String message = error("{\n  \"epochs\": 3,\n}\n");
    assertTrue(
        message.startsWith(
            tmp.resolve("config.json")
                + ": line 3, column 1: not valid JSON: Unexpected character ('}'"),
        message);
    assertEquals(1, message.lines().count());
    String cut = error("{\n  \"epochs\": 3");
    assertTrue(cut.contains(": line 2, column 14: not valid JSON: Unexpected end-of-input"), cut);
    assertTrue(!cut.contains("Source"), cut);
  }

  @Test
  void jsonKeptElsewhereIsNamedAsGiven() {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class, () -> JSON.readValue("{\"epochs\": []}", Run.class));
    assertEquals(
        "study 'abl' plan: \"epochs\" at line 1, column 12 must be a whole number, found a list",
        JsonFileError.of("study 'abl' plan", "{\"epochs\": []}", e).getMessage());
  }
}
