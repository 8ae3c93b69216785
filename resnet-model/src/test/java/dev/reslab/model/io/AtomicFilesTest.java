package dev.reslab.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void replacesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/out.txt");
    AtomicFiles.writeString(file, "old");
    AtomicFiles.writeString(file, "new");
    assertEquals("new", Files.readString(file));
    assertEquals(List.of(file), Files.list(file.getParent()).toList());
    assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ));
  }

  @Test
  void aFailingWriterKeepsTheOldFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.txt");
    AtomicFiles.writeString(file, "old");
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("disk full");
                    }));
    assertTrue(e.getMessage().startsWith("cannot write " + file + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals("old", Files.readString(file));
    assertEquals(List.of(file), Files.list(dir).toList());
  }
}
