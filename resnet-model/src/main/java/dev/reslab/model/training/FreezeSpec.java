package dev.reslab.model.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which layers do not train: none, the {@code backbone} (every layer but {@code fc}), or named
 * prefixes such as {@code conv1,bn1,layer1} (a prefix matches the layer itself and everything
 * inside it: {@code layer1} matches {@code layer1.0.conv1} but not {@code layer10}). Frozen layers
 * get no gradient and their BatchNorm statistics stay fixed.
 */
public record FreezeSpec(List<String> prefixes, boolean backbone) implements Predicate<String> {

  public FreezeSpec {
    prefixes = List.copyOf(prefixes);
  }

  public static FreezeSpec none() {
    return new FreezeSpec(List.of(), false);
  }

  /**
   * Parses {@code backbone}, {@code none}, or a comma-separated list of layer-name prefixes (the
   * form config.json records).
   */
  @JsonCreator
  public static FreezeSpec parse(String text) {
    if (text == null || text.isBlank() || text.trim().equals("none")) {
      return none();
    }
    if (text.trim().equals("backbone")) {
      return new FreezeSpec(List.of(), true);
    }
    List<String> prefixes = new ArrayList<>();
    for (String p : text.split(",")) {
      if (!p.isBlank()) {
        prefixes.add(p.trim());
      }
    }
    return new FreezeSpec(prefixes, false);
  }

  @Override
  public boolean test(String layer) {
    if (backbone) {
      return !layer.equals("fc");
    }
    for (String p : prefixes) {
      if (layer.equals(p) || layer.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  @JsonValue
  @Override
  public String toString() {
    return backbone ? "backbone" : prefixes.isEmpty() ? "none" : String.join(",", prefixes);
  }
}
