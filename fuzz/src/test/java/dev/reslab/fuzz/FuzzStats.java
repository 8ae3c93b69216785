package dev.reslab.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Executions per second and edges covered of a fuzzing JVM, written at exit to {@code
 * reslab.fuzz.stats}/{@code <target>.txt} (set by the fuzzing run): libFuzzer's own lines do not
 * say which target they belong to when several JVMs fuzz at once.
 */
final class FuzzStats {
  private static String target;
  private static long inputs;
  private static long firstNanos;
  private static long lastNanos;

  private FuzzStats() {}

  static synchronized void count() {
    long now = System.nanoTime();
    if (target == null) {
      target =
          StackWalker.getInstance()
              .walk(
                  frames ->
                      frames
                          .map(StackWalker.StackFrame::getClassName)
                          .filter(c -> c.endsWith("FuzzTest"))
                          .findFirst()
                          .orElse("unknown"));
      firstNanos = now;
      String dir = System.getProperty("reslab.fuzz.stats");
      if (dir != null) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(dir))));
      }
    }
    inputs++;
    lastNanos = now;
  }

  private static synchronized void write(Path dir) {
    double seconds = (lastNanos - firstNanos) / 1e9;
    String line =
        String.format(
            Locale.ROOT,
            "%s: %d inputs in %.0f s, %.0f inputs/s, %s edges covered%n",
            target,
            inputs,
            seconds,
            inputs / Math.max(seconds, 1e-9),
            edges());
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(target.substring(target.lastIndexOf('.') + 1) + ".txt"), line);
    } catch (IOException e) {
      System.err.print("fuzz stats: " + line);
    }
  }

  /** Jazzer's count of coverage edges ever hit (readers and the parsers instrumented with them). */
  private static String edges() {
    try {
      int[] ids =
          (int[])
              Class.forName("com.code_intelligence.jazzer.runtime.CoverageMap")
                  .getMethod("getEverCoveredIds")
                  .invoke(null);
      return String.valueOf(ids.length);
    } catch (ReflectiveOperationException | LinkageError e) {
      return "unknown";
    }
  }
}
