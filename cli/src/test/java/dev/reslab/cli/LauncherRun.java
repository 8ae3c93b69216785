package dev.reslab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code reslab} launcher script in a child process, as a user does, on the test's classes
 * (through RESLAB_CLASSPATH, so nothing is built), and captures what it prints.
 */
record LauncherRun(int exitCode, String out, String err) {
  static final Path LAUNCHER = Path.of("..", "reslab").toAbsolutePath().normalize();

  /**
   * Runs {@code reslab args} with the user's environment minus the settings the tests' JVM was
   * given.
   */
  static LauncherRun of(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.remove("TF_CPP_MIN_LOG_LEVEL");
    env.remove("RESLAB_DEBUG");
    env.put("RESLAB_CLASSPATH", System.getProperty("java.class.path"));
    env.put("RESLAB_JAVA_OPTS", "-Xmx1g");
    env.putAll(extraEnv);
    Path out = Files.createTempFile("reslab-out", ".txt");
    Path err = Files.createTempFile("reslab-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "reslab " + String.join(" ", args) + " did not end in 10 minutes");
      }
      // The log filter may still be writing after java ended (it runs beside it).
      Thread.sleep(200);
      return new LauncherRun(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
