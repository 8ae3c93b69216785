package dev.reslab.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A fresh folder per input: {@code input/} holds the files a reader is given, {@code writable/} is
 * the only place it may write (a cache, an extraction). {@link #checkNothingWrittenElsewhere()}
 * compares everything else in the per-JVM root with what was there before, so a write outside is
 * caught wherever it lands in the tree.
 */
final class Sandbox implements AutoCloseable {
  private static final Path ROOT = createRoot();
  private static final AtomicLong NEXT = new AtomicLong();

  private final Path dir;
  private final Path input;
  private final Path writable;
  private final Map<Path, byte[]> inputs = new LinkedHashMap<>();

  private Sandbox(Path dir) throws IOException {
    this.dir = dir;
    this.input = Files.createDirectories(dir.resolve("input"));
    this.writable = Files.createDirectories(dir.resolve("writable"));
  }

  static Sandbox create() {
    try {
      return new Sandbox(Files.createDirectory(ROOT.resolve("box-" + NEXT.incrementAndGet())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * In memory where Linux offers it ({@code /dev/shm}): an input costs ~1 ms there and ~30 ms on a
   * busy disk, which decides how much a short fuzzing run explores. {@code -Dreslab.fuzz.tmp=DIR}
   * chooses another place.
   */
  private static Path createRoot() {
    Path shm = Path.of("/dev/shm");
    String chosen = System.getProperty("reslab.fuzz.tmp");
    Path parent =
        chosen != null
            ? Path.of(chosen)
            : Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Path root = Files.createTempDirectory(parent, "reslab-fuzz-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding the inputs; messages must name it (or a file in it). */
  Path input() {
    return input;
  }

  Path writable() {
    return writable;
  }

  /** Writes an input file ({@code name} may contain folders) and returns its path. */
  Path write(String name, byte[] bytes) {
    Path file = input.resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    inputs.put(file, bytes.clone());
    return file;
  }

  /** Creates an (empty) input folder. */
  Path folder(String name) {
    try {
      return Files.createDirectories(input.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails unless the root holds only sandboxes, this sandbox only {@code input/} and {@code
   * writable/}, the inputs are unchanged, nothing new is in {@code input/}, and nothing in {@code
   * writable/} is a link (a link is a way out).
   */
  void checkNothingWrittenElsewhere() {
    List<String> problems = new ArrayList<>();
    for (Path p : list(ROOT)) {
      if (!p.getFileName().toString().startsWith("box-")
          || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        problems.add("written beside the sandboxes: " + p);
      }
    }
    for (Path p : list(dir)) {
      if (!p.equals(input) && !p.equals(writable)) {
        problems.add("written outside its folder: " + p);
      }
    }
    for (Path p : walk(input)) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !inputs.containsKey(p)) {
        problems.add("written into the input folder: " + p);
      } else if (inputs.containsKey(p) && !Arrays.equals(inputs.get(p), read(p))) {
        problems.add("input file changed: " + p);
      } else if (Files.isSymbolicLink(p)) {
        problems.add("link created in the input folder: " + p);
      }
    }
    for (Path p : walk(writable)) {
      if (Files.isSymbolicLink(p)) {
        problems.add("link written: " + p);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("; ", problems));
    }
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  private static List<Path> list(Path d) {
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> walk(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path d) {
    if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: the JVM's temporary root is removed at exit as well
    }
  }
}
