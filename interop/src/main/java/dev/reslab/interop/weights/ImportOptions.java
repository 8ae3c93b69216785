package dev.reslab.interop.weights;

/**
 * How strictly a weight import matches names.
 *
 * @param allowMissingHead leave the head ({@code fc}) at its initial values and ignore any head tensors in the file,
 *                         whatever their shape: for fine-tuning pretrained weights to a new number of classes
 */
public record ImportOptions(boolean allowMissingHead) {

  /** Every model variable must come from the file and every file tensor must be used. */
  public static final ImportOptions STRICT = new ImportOptions(false);

  /** Everything but the head. */
  public static ImportOptions withoutHead() {
    return new ImportOptions(true);
  }
}
