package dev.reslab.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which part of a data set to read. Not every data set has every split (CelebA has all three). */
public enum Split {
  TRAIN,
  VALID,
  TEST;

  /** Parses {@code train}, {@code valid} (or {@code val}, {@code validation}) and {@code test}. */
  public static Split parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "train":
        return TRAIN;
      case "valid":
      case "val":
      case "validation":
        return VALID;
      case "test":
        return TEST;
      default:
        throw new DataException(
            "unknown split '"
                + text
                + "'; expected one of "
                + Arrays.stream(values()).map(Split::label).collect(Collectors.joining(", ")));
    }
  }

  /** Lower-case name, as used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
