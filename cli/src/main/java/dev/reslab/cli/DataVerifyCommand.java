package dev.reslab.cli;

import dev.reslab.data.download.DataVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslab data verify DIR}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a data folder and say what is wrong.",
      "Finds CIFAR-10 (binary and JPEG), CelebA and ImageNet-V2 in it (two levels deep), validates them like the "
          + "loaders do, and checks SHA256SUMS if present.",
      "Exit code 1 when something is wrong."
    })
final class DataVerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "the data folder")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DataVerifier.Report report = DataVerifier.verify(dir);
    PrintWriter out = spec.commandLine().getOut();
    report.findings().forEach(out::println);
    out.printf(
        "%d ok, %d warnings, %d errors%n",
        report.count(DataVerifier.Level.OK),
        report.count(DataVerifier.Level.WARN),
        report.count(DataVerifier.Level.ERROR));
    out.flush();
    return report.ok() ? 0 : 1;
  }
}
