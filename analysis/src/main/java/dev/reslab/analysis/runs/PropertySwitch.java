package dev.reslab.analysis.runs;

import java.util.concurrent.Callable;

/**
 * A {@code reslab.*} system property set to a value while a graph is built, to measure what an
 * engine switch is worth (the engine reads its switches when it builds a graph): {@code bench train
 * --against} and {@code bench infer --against}.
 *
 * @param name the property
 * @param value its value while {@link #whileSet} runs
 */
public record PropertySwitch(String name, String value) {

  /** Parses {@code NAME=VALUE}; {@code IllegalArgumentException} naming the text otherwise. */
  public static PropertySwitch parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 1) {
      throw new IllegalArgumentException("expected NAME=VALUE, got " + text);
    }
    return new PropertySwitch(text.substring(0, equals), text.substring(equals + 1));
  }

  /** {@code work}'s result, computed with the property set, and the property restored after. */
  public <T> T whileSet(Callable<T> work) throws Exception {
    String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      return work.call();
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
