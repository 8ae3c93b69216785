package dev.reslab.fuzz;

import dev.reslab.interop.array.FloatArray;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Validity of a returned array, counted with exact arithmetic: no negative dimension, as many
 * values as the shape.
 */
final class ValidArrays {
  private ValidArrays() {}

  static void check(FloatArray a) {
    check(a.shape(), a.values().length, a.toString());
  }

  static void check(long[] shape, long values, String what) {
    BigInteger n = BigInteger.ONE;
    for (long d : shape) {
      if (d < 0) {
        throw new AssertionError(what + ": negative dimension in " + Arrays.toString(shape));
      }
      n = n.multiply(BigInteger.valueOf(d));
    }
    if (!n.equals(BigInteger.valueOf(values))) {
      throw new AssertionError(
          what + ": shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values);
    }
  }
}
