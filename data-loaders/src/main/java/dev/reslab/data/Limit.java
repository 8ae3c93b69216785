package dev.reslab.data;

/**
 * Which examples of a split to use: all, the first N, or a subset of N chosen with a seed (the same subset every
 * epoch and every run with that seed).
 */
public record Limit(long count, boolean seeded, long seed) {
  /** Every example. */
  public static final Limit ALL = new Limit(-1, false, 0);

  public Limit {
    if (count == 0 || count < -1) {
      throw new IllegalArgumentException("limit must be a positive number of examples, got " + count);
    }
  }

  /** The first {@code n} examples in the data set's order. */
  public static Limit first(long n) {
    return new Limit(n, false, 0);
  }

  /** {@code n} examples chosen with {@code seed}. */
  public static Limit seededSubset(long n, long seed) {
    return new Limit(n, true, seed);
  }

  public boolean isAll() {
    return count < 0;
  }

  /** Number of examples left from {@code available}. */
  public long apply(long available) {
    return isAll() ? available : Math.min(count, available);
  }
}
