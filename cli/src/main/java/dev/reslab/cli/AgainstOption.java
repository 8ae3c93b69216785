package dev.reslab.cli;

import dev.reslab.analysis.runs.PropertySwitch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --against NAME=VALUE} flag of the bench commands: what an engine switch is worth. */
final class AgainstOption {

  @Option(
      names = "--against",
      paramLabel = "NAME=VALUE",
      description = {
        "also time the engine with the system property NAME=VALUE set while it is built, in the",
        "same alternating rounds: what a reslab.* switch is worth, e.g.",
        "reslab.bf16.tiledSmallMaps=false or reslab.bf16.smallMapKernelGradients=false"
      })
  String against;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** The switch given, or null when none was. */
  PropertySwitch value() {
    if (against == null) {
      return null;
    }
    try {
      return PropertySwitch.parse(against);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--against takes NAME=VALUE, got " + against);
    }
  }
}
