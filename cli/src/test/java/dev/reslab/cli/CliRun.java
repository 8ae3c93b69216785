package dev.reslab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = of(args);
    } finally {
      System.setErr(saved);
    }
    return new CliRun(
        run.exitCode(),
        run.out(),
        run.err() + captured.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
