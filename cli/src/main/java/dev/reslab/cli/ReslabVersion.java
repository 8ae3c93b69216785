package dev.reslab.cli;

import picocli.CommandLine;

/**
 * The version printed by {@code reslab --version}: the jar's implementation version and
 * TensorFlow's.
 */
final class ReslabVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = ReslabVersion.class.getPackage().getImplementationVersion();
    return new String[] {"reslab " + (version == null ? "(development build)" : version)};
  }
}
