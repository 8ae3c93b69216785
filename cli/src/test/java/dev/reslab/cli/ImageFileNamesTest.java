package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileNamesTest {
  @TempDir Path tmp;

  @Test
  void valuesAreFilesOrCommaSeparatedFilesUnlessTheFileExists() throws Exception {
    Path comma = Files.createFile(tmp.resolve("cat, dog.png"));
    assertEquals(
        List.of(Path.of("a.png"), Path.of("b.png"), Path.of("c.png"), comma),
        ImageFileNames.expand(List.of("a.png,b.png", "c.png", comma.toString())));
    assertEquals(List.of(Path.of("a.png")), ImageFileNames.expand(List.of("a.png,")));
  }
}
