package dev.reslab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the reslab command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ReslabCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * As {@link #of}, with what goes to {@code System.err} itself (progress bars, old-spelling notes)
   * appended to {@link #err}.
   */
  static CliRun withStderr(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = of(args);
    } finally {
      System.setErr(saved);
    }
    return new CliRun(
        run.exitCode(), run.out(), run.err() + captured.toString(StandardCharsets.UTF_8));
  }
}
