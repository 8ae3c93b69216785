package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.reslab.ReslabException;
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
    String[] r = run(new ReslabException("runs/x/metrics.csv: line 3: expected 7 columns, found 2\n  (detail)"));
    assertEquals("2", r[0]);
    assertEquals("fail: runs/x/metrics.csv: line 3: expected 7 columns, found 2", r[1].strip());
  }

  @Test
  void anUnexpectedFailureIsReportedAsInternal() {
    String[] r = run(new NullPointerException("boom"));
    assertEquals("1", r[0]);
    assertEquals("fail: boom (an internal error: run with RESLAB_DEBUG=1 for the stack trace and report it)",
        r[1].strip());
  }
}
