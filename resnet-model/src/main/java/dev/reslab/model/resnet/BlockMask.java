package dev.reslab.model.resnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The residual blocks and whole stages removed from a ResNet, by torchvision name: {@code layer3.1}
 * is the second block of the third stage, {@code layer3} all of that stage.
 *
 * <p><b>What removing means.</b> A removed block keeps its shortcut path so shapes still chain: a
 * block whose input and output shapes agree becomes the identity; a block that downsamples or
 * widens becomes its shortcut alone (the 1×1 projection with its BatchNorm, or the zero-pad of
 * option A). A removed stage is all its blocks removed, so its first block still changes resolution
 * and width as the stage did. The network after it is unchanged.
 */
public final class BlockMask {
  private static final Pattern NAME = Pattern.compile("layer(\\d+)(?:\\.(\\d+))?");
  private static final BlockMask NONE = new BlockMask(Set.of());

  private final Set<String> removed;

  private BlockMask(Set<String> removed) {
    this.removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
  }

  /** Nothing removed. */
  public static BlockMask none() {
    return NONE;
  }

  /**
   * Removes the named blocks and stages; names are checked against a configuration when the model
   * is built.
   */
  public static BlockMask of(String... names) {
    return of(Arrays.asList(names));
  }

  public static BlockMask of(Iterable<String> names) {
    Set<String> set = new LinkedHashSet<>();
    for (String name : names) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(n).matches()) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a block or stage name; expected e.g. layer3 or " + "layer3.1");
      }
      set.add(n);
    }
    return set.isEmpty() ? NONE : new BlockMask(set);
  }

  /** Parses a comma-separated list such as {@code layer3,layer4.1}; empty text is no mask. */
  public static BlockMask parse(String text) {
    return text == null || text.isBlank() ? NONE : of(text.split(","));
  }

  /** The names as given. */
  public Set<String> names() {
    return removed;
  }

  public boolean isEmpty() {
    return removed.isEmpty();
  }

  /** Whether block {@code index} (0-based) of stage {@code stage} (1-based) is removed. */
  public boolean removes(int stage, int index) {
    return removed.contains("layer" + stage) || removed.contains("layer" + stage + "." + index);
  }

  /** Checks every name against the stage depths; the error lists the valid names. */
  void validate(List<Integer> depths) {
    List<String> valid = new ArrayList<>();
    for (int s = 1; s <= depths.size(); s++) {
      valid.add("layer" + s);
      for (int b = 0; b < depths.get(s - 1); b++) {
        valid.add("layer" + s + "." + b);
      }
    }
    for (String name : removed) {
      Matcher m = NAME.matcher(name);
      if (!valid.contains(name) || !m.matches()) {
        throw new IllegalArgumentException(
            "unknown block or stage '"
                + name
                + "' in the block mask; valid names are "
                + String.join(", ", valid));
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockMask other && removed.equals(other.removed);
  }

  @Override
  public int hashCode() {
    return removed.hashCode();
  }

  @Override
  public String toString() {
    return String.join(",", removed);
  }
}
