package dev.reslab.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

  @Test
  void quotesExactlyWhatRfc4180Requires() {
    String text =
        new CsvWriter("name", "note")
            .row("plain", "a, b")
            .row("say \"hi\"", "two\nlines")
            .row("cr\r", "")
            .row(" spaced ", null)
            .text();
    // written out by hand from RFC 4180, section 2 (rules 5-7)
    assertEquals(
        "name,note\n"
            + "plain,\"a, b\"\n"
            + "\"say \"\"hi\"\"\",\"two\nlines\"\n"
            + "\"cr\r\",\n"
            + " spaced ,\n",
        text);
  }

  @Test
  void numbersAreLocaleFreeWithSixDecimalsAtMost() {
    String text =
        new CsvWriter("a", "b", "c", "d", "e", "f", "g")
            .row(0.1f, 1.0 / 3, 2.5e-7, Double.NaN, Double.NEGATIVE_INFINITY, 42L, true)
            .text();
    assertEquals("a,b,c,d,e,f,g\n0.1,0.333333,0,NaN,-Infinity,42,true\n", text);
  }

  /** Random rows of awkward text read back by a plain RFC 4180 reader written for this test. */
  @Test
  void whatItWritesReadsBackAsTheSameFields() {
    Random rnd = new Random(7);
    char[] alphabet = {'a', 'Z', ',', '"', '\n', '\r', ' ', 'é', '9'};
    List<List<String>> rows = new ArrayList<>();
    CsvWriter csv = new CsvWriter("x", "y", "z");
    for (int r = 0; r < 200; r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        StringBuilder s = new StringBuilder();
        for (int i = rnd.nextInt(6); i > 0; i--) {
          s.append(alphabet[rnd.nextInt(alphabet.length)]);
        }
        row.add(s.toString());
      }
      rows.add(row);
      csv.row(row);
    }
    List<List<String>> read = readRfc4180(csv.text());
    assertEquals(List.of("x", "y", "z"), read.get(0));
    assertEquals(rows, read.subList(1, read.size()));
  }

  @Test
  void aRowOfAnotherWidthIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CsvWriter("a", "b").row(1, 2, 3));
    assertEquals("a row of 3 cells in a table of 2 columns", e.getMessage());
  }

  @Test
  void writesTheFileInOneStepLeavingNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/table.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old");
    CsvWriter csv = new CsvWriter("k", "v").row("a", 1.5);
    csv.write(file);
    assertEquals("k,v\na,1.5\n", Files.readString(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  /** RFC 4180 read character by character: the reference the writer is held to. */
  private static List<List<String>> readRfc4180(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(ch);
      }
    }
    if (!row.isEmpty() || field.length() > 0) {
      throw new AssertionError("text does not end with a line feed: " + Arrays.asList(text));
    }
    return rows;
  }
}
