package dev.reslab.data;

/**
 * A split that lists no images (a cut CelebA attribute file puts every row in the train partition).
 * Its own type so that a caller that chose the split, a validation split say, can tell how to
 * choose another.
 */
public final class EmptySplitException extends DataException {
  private static final long serialVersionUID = 1L;

  private final Split split;

  public EmptySplitException(String message, Split split) {
    super(message);
    this.split = split;
  }

  /** The split that holds no images. */
  public Split split() {
    return split;
  }
}
