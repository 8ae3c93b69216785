package dev.reslab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags of a benchmark that measures in a child JVM with a fixed, pre-touched heap ({@link
 * FixedHeapJvm}).
 */
final class MeasuringJvmOptions {

  @Option(
      names = "--heap",
      defaultValue = "1g",
      paramLabel = "SIZE",
      description =
          "Java heap of the measuring JVM, fixed and resident from the start so that RSS growth is native "
              + "memory (default: ${DEFAULT-VALUE})")
  String heap;

  @Option(
      names = "--in-this-jvm",
      hidden = true,
      description = "measure in this JVM (its heap then adds to RSS as it is first used)")
  boolean inThisJvm;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Runs the command again in the measuring JVM and returns its exit code; empty when this is that
   * JVM.
   */
  Optional<Integer> relaunch() throws Exception {
    if (inThisJvm) {
      return Optional.empty();
    }
    List<String> args =
        new ArrayList<>(command.root().commandLine().getParseResult().originalArgs());
    args.add("--in-this-jvm");
    return Optional.of(FixedHeapJvm.run(args, heap));
  }
}
