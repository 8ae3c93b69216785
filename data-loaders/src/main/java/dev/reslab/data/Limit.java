package dev.reslab.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which examples of a split to use: all, the first N, or a subset of N chosen with a seed (the same
 * subset every epoch and every run with that seed).
 */
public record Limit(long count, boolean seeded, long seed) {
  /** Every example. */
  public static final Limit ALL = new Limit(-1, false, 0);

  public Limit {
    if (count == 0 || count < -1) {
      throw new IllegalArgumentException(
          "limit must be a positive number of examples, got " + count);
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

  /**
   * The indices (ascending) this limit keeps out of {@code available} examples, chosen in Java:
   * used by the data sets built from file lists. A seeded subset is a seeded Fisher-Yates shuffle's
   * first N.
   */
  public int[] select(int available) {
    int n = (int) apply(available);
    if (!seeded || n == available) {
      return IntStream.range(0, n).toArray();
    }
    int[] all = IntStream.range(0, available).toArray();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int j = i + rnd.nextInt(available - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, n);
    Arrays.sort(chosen);
    return chosen;
  }
}
