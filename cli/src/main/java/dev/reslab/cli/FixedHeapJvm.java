package dev.reslab.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a reslab command again in a child JVM whose Java heap is fixed and touched up front. The JVM
 * first touches heap pages when it uses them, so in an ordinary JVM resident memory creeps up for
 * minutes as the heap fills towards its maximum, which looks like a leak; with the heap resident
 * from the start, growth of RSS is native memory.
 */
final class FixedHeapJvm {
  private FixedHeapJvm() {}

  /**
   * Runs {@code args} with a {@code heap} heap (e.g. {@code 1g}); returns the child's exit code.
   */
  static int run(List<String> args, String heap) throws IOException, InterruptedException {
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException(
          "--heap must be a JVM memory size such as 512m or 2g, got '" + heap + "'");
    }
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-D")) {
        command.add(a); // JavaCPP limits and reslab.* settings carry over
      }
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), ReslabCommand.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
