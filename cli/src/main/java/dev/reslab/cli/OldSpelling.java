package dev.reslab.cli;

import java.util.HashSet;
import java.util.Set;

/**
 * Flags renamed for one vocabulary across commands (README, "Flag vocabulary") keep their old
 * spelling as a hidden option for one release; using it works and says once what the new spelling
 * is.
 *
 * <p>A renamed option with a default keeps it as its field's initial value, not as {@code
 * defaultValue}: picocli applies annotated defaults after the old spelling's setter has run, which
 * would undo it.
 */
final class OldSpelling {
  private static final Set<String> WARNED = new HashSet<>();

  private OldSpelling() {}

  /** Notes on stderr that {@code old} is now {@code now} (once per process). */
  static synchronized void used(String old, String now) {
    if (WARNED.add(old)) {
      System.err.println(
          "reslab: " + old + " is now " + now + "; the old spelling goes away in the next release");
    }
  }
}
