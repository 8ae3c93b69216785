package dev.reslab.interop.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FloatArrayTest {

  /** values[i] = i over a shape, so positions can be checked by formula. */
  private static FloatArray iota(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return new FloatArray(shape, v);
  }

  @Test
  void oihwToHwioMovesEveryElement() {
    long o = 4, i = 3, h = 2, w = 5;
    FloatArray oihw = iota(o, i, h, w);
    FloatArray hwio = oihw.transpose(2, 3, 1, 0);
    assertArrayEquals(new long[] {h, w, i, o}, hwio.shape());
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < i; b++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            float want = ((a * i + b) * h + y) * w + x;
            assertEquals(want, hwio.values()[(int) (((y * w + x) * i + b) * o + a)]);
          }
        }
      }
    }
  }

  @Test
  void matrixTransposeAndSlice() {
    FloatArray m = iota(2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, m.transpose(1, 0).values());
    assertArrayEquals(new float[] {3, 4, 5}, m.slice(1, 2).values());
    assertArrayEquals(new long[] {1, 3}, m.slice(1, 2).shape());
  }

  @Test
  void stridedGatherReadsNonContiguousViews() {
    // A transposed 2x3 view of a 3x2 storage starting at offset 1: strides (1, 2).
    float[] storage = {9, 0, 1, 2, 3, 4, 5};
    assertArrayEquals(
        new float[] {0, 2, 4, 1, 3, 5},
        StridedCopy.gather(storage, 1, new long[] {2, 3}, new long[] {1, 2}));
    assertArrayEquals(
        new float[] {9}, StridedCopy.gather(storage, 0, new long[] {}, new long[] {}));
  }

  @Test
  void shapeMustMatchValueCount() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new FloatArray(new long[] {2, 2}, new float[3]));
    assertEquals("shape [2, 2] needs 4 values, got 3", e.getMessage());
  }

  @Test
  void elementCountsAreExact() {
    // 2^32 x 2^32 wraps to 0 in long arithmetic: no values would have matched it
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FloatArray(new long[] {1L << 32, 1L << 32}, new float[0]));
    assertEquals(
        "shape [4294967296, 4294967296] has more elements than a long can count", e.getMessage());
    assertEquals(0, FloatArray.elementCount(new long[] {1L << 40, 1L << 40, 0}));
    assertEquals(1L << 62, FloatArray.elementCount(new long[] {1L << 31, 1L << 31}));
  }
}
