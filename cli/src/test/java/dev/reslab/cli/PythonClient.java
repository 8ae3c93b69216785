package dev.reslab.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real Python tools (TensorFlow, Keras, TensorBoard, Optuna) as test clients: one Python
 * process, started on first use and shared by every test of the JVM, so TensorFlow is imported
 * once. The environment is made by the build ({@code src/test/python/ensure-venv.sh}); where it
 * could not be made the calling test is skipped with the reason.
 *
 * <p>A check is a Python function {@code module.function(**args)} under {@code src/test/python}; it
 * returns what it measured (a JSON value) and the Java test judges it.
 */
final class PythonClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MINUTES = 5;
  private static PythonClient shared;

  private final Process process;
  private final BufferedWriter requests;
  private final BufferedReader answers;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "python-client");
            t.setDaemon(true);
            return t;
          });

  private PythonClient(Path python, Path scripts) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(python.toString(), "-u", scripts.resolve("client.py").toString());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    // Its log goes to a file beside the venv: the build log stays readable, and a failing check's
    // traceback is
    // in the answer anyway.
    pb.redirectError(
        ProcessBuilder.Redirect.appendTo(
            python.getParent().getParent().resolveSibling("python-client.log").toFile()));
    process = pb.start();
    requests =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * The shared client; skips the calling test (with the reason) when the build could not make the
   * environment.
   */
  static synchronized PythonClient get() {
    if (shared == null) {
      Path venv = Path.of(System.getProperty("reslab.python.venv", "target/python-venv"));
      Path unavailable = venv.resolveSibling(venv.getFileName() + ".unavailable");
      assumeTrue(
          !Files.exists(unavailable), () -> "Python client tests skipped: " + read(unavailable));
      Path python = venv.resolve("bin/python");
      assumeTrue(
          Files.isExecutable(python),
          () ->
              "Python client tests skipped: no environment at "
                  + venv
                  + " (the build makes it in generate-test-resources)");
      try {
        shared =
            new PythonClient(
                python, Path.of(System.getProperty("reslab.python.scripts", "src/test/python")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + python, e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * Runs {@code module.function(**args)} in Python and returns its result; a Python failure fails
   * the test.
   */
  synchronized JsonNode call(String check, Map<String, ?> args) {
    try {
      requests.write(JSON.writeValueAsString(Map.of("check", check, "args", args)));
      requests.newLine();
      requests.flush();
      Future<String> line = reader.submit(answers::readLine);
      String answer = line.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (answer == null) {
        throw new AssertionError(
            "the Python client ended (exit " + process.waitFor() + ") during " + check);
      }
      JsonNode node = JSON.readTree(answer);
      if (!node.path("ok").asBoolean()) {
        throw new AssertionError(
            "Python check " + check + " failed:\n" + node.path("error").asText());
      }
      return node.path("result");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to the Python client", e);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError(
          "Python check " + check + " took over " + TIMEOUT_MINUTES + " minutes");
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("Python check " + check + " was interrupted", e);
    }
  }

  private void close() {
    try {
      requests.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "unreadable " + file;
    }
  }
}
