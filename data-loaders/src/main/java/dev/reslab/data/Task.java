package dev.reslab.data;

/** What a label means: one class out of K, or K independent yes/no attributes. */
public enum Task {
  /** Exactly one class per image; labels are one-hot. */
  MULTI_CLASS,
  /** Any number of attributes per image; labels are multi-hot. */
  MULTI_LABEL
}
