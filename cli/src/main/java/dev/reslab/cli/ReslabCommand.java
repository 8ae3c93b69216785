package dev.reslab.cli;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.lock.RunBusyException;
import dev.reslab.model.training.TrainingStoppedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code reslab} command. */
@Command(
    name = "reslab",
    mixinStandardHelpOptions = true,
    versionProvider = ReslabVersion.class,
    description =
        "Build, train, dissect and stress-test ResNet-18 and its relatives on TensorFlow Java.",
    subcommands = {
      QuickstartCommand.class,
      SummaryCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      PerClassCommand.class,
      RobustnessCommand.class,
      GradCamCommand.class,
      OcclusionCommand.class,
      ActivationsCommand.class,
      FiltersCommand.class,
      AblateCommand.class,
      SweepCommand.class,
      WorkerCommand.class,
      TuneCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      InspectCommand.class,
      DataCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ReslabCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Accepted by every command. The launcher reads it too: it stops hiding TensorFlow's own log
   * lines, which it must do before the JVM starts.
   */
  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "show TensorFlow's log lines and the stack trace behind an error (as RESLAB_DEBUG=1 does)")
  void verbose(boolean on) {
    if (on) {
      System.setProperty(DEBUG_PROPERTY, "true");
    }
  }

  static final String DEBUG_PROPERTY = "reslab.debug";

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line configured with reslab's one-line error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ReslabCommand());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(OneLineErrors::handleParameterError);
    return cl;
  }

  public static void main(String[] args) {
    // Library warnings reach the user through the commands' own output; JUL would print them again
    // in two lines.
    Logger.getLogger("").setLevel(Level.SEVERE);
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** Prints user errors as one line ({@code reslab bench train: ...}) instead of a stack trace. */
  static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(
        Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
      PrintWriter err = cl.getErr();
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      IOException io = ioCause(e);
      boolean userError =
          e instanceof IllegalArgumentException
              || e instanceof IllegalStateException
              || e instanceof ReslabException
              || e instanceof TrainingStoppedException
              || io != null;
      if (e instanceof RunBusyException busy) {
        // the library says "another folder"; here the folder is a flag
        message = busy.situation() + "; wait for it or use another --out";
      }
      if (io != null
          && !(e instanceof ReslabException)
          && !(e instanceof IllegalArgumentException)) {
        message = ioMessage(e, io);
      }
      err.println(
          cl.getCommandSpec().qualifiedName(" ")
              + ": "
              + message.lines().findFirst().orElse(message)
              + (userError
                  ? ""
                  : " (an internal error: run with --verbose for the stack trace and report it)"));
      if (System.getenv("RESLAB_DEBUG") != null || Boolean.getBoolean(DEBUG_PROPERTY)) {
        e.printStackTrace(err);
      }
      err.flush();
      return userError ? USAGE : FAILURE;
    }

    /**
     * The I/O failure behind {@code e} (itself or a cause): the user's disk, permissions or files,
     * not a bug.
     */
    static IOException ioCause(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof IOException io) {
          return io;
        }
      }
      return null;
    }

    /**
     * One line naming the path and the system's reason. Java's own messages say only the path
     * ({@code AccessDeniedException: /runs/x}) or only the reason ({@code No space left on
     * device}).
     */
    static String ioMessage(Throwable e, IOException io) {
      String reason = IoReason.of(io);
      // Our own wrappers say what was being done and where ("cannot write the checkpoint RUN/...:
      // ...").
      String outer =
          e == io || e.getMessage() == null || e.getMessage().equals(io.toString())
              ? null
              : e.getMessage().lines().findFirst().orElse(null);
      if (outer != null) {
        String bare = io.getMessage();
        return bare != null && !bare.equals(reason) && outer.endsWith(": " + bare)
            ? outer.substring(0, outer.length() - bare.length()) + reason
            : outer;
      }
      if (io instanceof FileSystemException fs && fs.getFile() != null) {
        return fs.getFile()
            + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile())
            + ": "
            + reason;
      }
      return "input/output error: " + reason;
    }

    static int handleParameterError(CommandLine.ParameterException e, String[] args) {
      CommandLine cl = e.getCommandLine();
      PrintWriter err = cl.getErr();
      // The full command path ("reslab bench train"), so nested commands are not mistaken for their
      // namesakes.
      String command = cl.getCommandSpec().qualifiedName(" ");
      err.println(command + ": " + e.getMessage());
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
        CommandLine.UnmatchedArgumentException.printSuggestions(
            unmatched, err); // "Did you mean: ..."
      }
      err.println("Try '" + command + " --help'.");
      err.flush();
      return USAGE;
    }
  }
}
