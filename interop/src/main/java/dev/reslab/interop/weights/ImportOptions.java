package dev.reslab.interop.weights;

import java.util.List;

/**
 * How strictly a weight import matches names.
 *
 * @param allowMissingHead leave the head ({@code fc}) at its initial values and ignore any head
 *     tensors in the file, whatever their shape: for fine-tuning pretrained weights to a new number
 *     of classes
 * @param reinit layer prefixes ({@code fc}, {@code layer4}, {@code layer4.1.bn2}) whose variables
 *     keep their fresh initial values and whose tensors in the file are ignored, whatever their
 *     shape
 */
public record ImportOptions(boolean allowMissingHead, List<String> reinit) {

  /** Every model variable must come from the file and every file tensor must be used. */
  public static final ImportOptions STRICT = new ImportOptions(false);

  public ImportOptions {
    reinit = reinit == null ? List.of() : List.copyOf(reinit);
  }

  public ImportOptions(boolean allowMissingHead) {
    this(allowMissingHead, List.of());
  }

  /** Everything but the head. */
  public static ImportOptions withoutHead() {
    return new ImportOptions(true);
  }

  /** Everything but the layers under {@code prefixes}. */
  public static ImportOptions reinitialising(List<String> prefixes) {
    return new ImportOptions(false, prefixes);
  }

  /** Whether {@code layer} (a reslab layer name) keeps its initial values. */
  public boolean skips(String layer) {
    return allowMissingHead && layer.equals("fc") || under(layer, reinit);
  }

  /**
   * Whether {@code name} is {@code prefix} or lies under it ({@code layer4} covers {@code
   * layer4.1.bn2}).
   */
  static boolean under(String name, List<String> prefixes) {
    return prefixes.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + "."));
  }
}
