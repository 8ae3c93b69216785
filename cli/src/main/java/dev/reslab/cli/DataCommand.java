package dev.reslab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reslab data}: download and verify data sets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Download data sets (with checksums) and check data folders.",
    subcommands = {DataDownloadCommand.class, DataVerifyCommand.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
