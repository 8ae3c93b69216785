package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.ReslabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class OneLineErrorsTest {

  @Command(name = "fail")
  static final class Failing implements Runnable {
    RuntimeException failure;

    @Override
    public void run() {
      throw failure;
    }
  }

  private static String[] run(RuntimeException failure) {
    Failing command = new Failing();
    command.failure = failure;
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ReslabCommand.OneLineErrors());
    cl.setErr(new PrintWriter(err, true));
    return new String[] {String.valueOf(cl.execute()), err.toString()};
  }

  @Test
  void anyReslabExceptionIsTheUsersProblemInOneLine() {
    String[] r =
        run(
            new ReslabException(
                "runs/x/metrics.csv: line 3: expected 7 columns, found 2\n  (detail)"));
    assertEquals("2", r[0]);
    assertEquals("fail: runs/x/metrics.csv: line 3: expected 7 columns, found 2", r[1].strip());
  }

  @Test
  void ioFailuresNameThePathAndTheSystemsReason() {
    String[] denied =
        run(new UncheckedIOException(new AccessDeniedException("/runs/x/config.json")));
    assertEquals("2", denied[0]);
    assertEquals("fail: /runs/x/config.json: permission denied", denied[1].strip());
    String[] full =
        run(
            new UncheckedIOException(
                new FileSystemException(
                    "/runs/x/checkpoints/epoch-003.tmp/ckpt.index",
                    null,
                    "No space left on device")));
    assertEquals("2", full[0]);
    assertEquals(
        "fail: /runs/x/checkpoints/epoch-003.tmp/ckpt.index: No space left on device",
        full[1].strip());
    String[] wrapped =
        run(
            new UncheckedIOException(
                "cannot write the checkpoint /runs/x/checkpoints/epoch-003: "
                    + "No space left on device",
                new IOException("No space left on device")));
    assertEquals("2", wrapped[0]);
    assertEquals(
        "fail: cannot write the checkpoint /runs/x/checkpoints/epoch-003: No space left on device",
        wrapped[1].strip());
    // deep inside a library that wraps it in an unchecked exception of its own
    String[] deep =
        run(
            new RuntimeException(
                "java.nio.file.AccessDeniedException: /data/x.png",
                new AccessDeniedException("/data/x.png")));
    assertEquals("2", deep[0]);
    assertEquals("fail: /data/x.png: permission denied", deep[1].strip());
  }

  @Test
  void anUnexpectedFailureIsReportedAsInternal() {
    String[] r = run(new NullPointerException("boom"));
    assertEquals("1", r[0]);
    assertEquals(
        "fail: boom (an internal error: run with --verbose for the stack trace and report it)",
        r[1].strip());
  }
}
