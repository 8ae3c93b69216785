package dev.reslab.model.resnet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses the lower-case command-line spelling of the model's enums with an error listing the
 * choices.
 */
final class EnumText {
  private EnumText() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + text
            + "'; expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", ")));
  }
}
