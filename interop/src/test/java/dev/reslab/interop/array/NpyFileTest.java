package dev.reslab.interop.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {

  @Test
  void writeThenReadRoundTripsEveryRank(@TempDir Path tmp) {
    for (long[] shape : new long[][] {{}, {3}, {2, 3}, {1, 2, 2, 3}}) {
      int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = i * 0.5f - 1;
      }
      Path f = tmp.resolve("a" + shape.length + ".npy");
      NpyFile.write(f, new FloatArray(shape, v));
      assertEquals(new FloatArray(shape, v), NpyFile.read(f));
    }
  }

  @Test
  void headerIsNumpyVersion1PaddedTo64Bytes(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("x.npy");
    NpyFile.write(f, new FloatArray(new long[] {2}, new float[] {1, 2}));
    byte[] b = Files.readAllBytes(f);
    String header = new String(b, 10, b[8], StandardCharsets.ISO_8859_1);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), header);
    assertEquals(0, (10 + header.length()) % 64);
  }

  @Test
  void realReferenceArrays() {
    FloatArray logits =
        NpyFile.read(RealData.require("weights/torchvision-resnet18/resnet18-seed0-logits.npy"));
    assertArrayEquals(new long[] {4, 1000}, logits.shape());
  }

  @Test
  void otherDtypesAndTruncationAreErrorsNamingTheFile(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("x.npy");
    NpyFile.write(f, new FloatArray(new long[] {4}, new float[4]));
    byte[] b = Files.readAllBytes(f);
    Path cut = tmp.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(b, b.length - 3));
    ReslabException e = assertThrows(ReslabException.class, () -> NpyFile.read(cut));
    assertEquals(
        cut + " is truncated: shape (4,) needs 4 float32 values, the file holds 13 bytes of data",
        e.getMessage());

    Path f8 = tmp.resolve("f8.npy");
    Files.write(
        f8,
        new String(b, StandardCharsets.ISO_8859_1)
            .replace("<f4", "<f8")
            .getBytes(StandardCharsets.ISO_8859_1));
    ReslabException dtype = assertThrows(ReslabException.class, () -> NpyFile.read(f8));
    assertEquals(
        f8 + ": dtype '<f8' is not supported; need little-endian float32 ('<f4')",
        dtype.getMessage());
  }

  @Test
  void shapesWhoseElementCountOverflowsAreErrorsNamingTheFile(@TempDir Path tmp)
      throws IOException {
    // (2^32, 2^32) wraps to 0 elements in long arithmetic and was read as an empty array
    for (String shape :
        new String[] {
          "4294967296, 4294967296",
          "3037000500, 3037000500, 4",
          "9223372036854775808,",
          "-1, 0",
          "2, x"
        }) {
      Path f = tmp.resolve("huge.npy");
      String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }\n";
      byte[] header = dict.getBytes(StandardCharsets.ISO_8859_1);
      byte[] bytes = new byte[10 + header.length];
      System.arraycopy(
          new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0},
          0,
          bytes,
          0,
          10);
      System.arraycopy(header, 0, bytes, 10, header.length);
      Files.write(f, bytes);
      ReslabException e = assertThrows(ReslabException.class, () -> NpyFile.read(f), shape);
      assertEquals(
          f
              + ": .npy shape ("
              + shape
              + ") is not a tuple of element counts whose product fits in a long",
          e.getMessage());
    }
  }

  @Test
  void negativeVersion2HeaderLengthIsAnErrorNamingTheFile(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("v2.npy");
    Files.write(
        f,
        new byte[] {
          (byte) 0x93,
          'N',
          'U',
          'M',
          'P',
          'Y',
          2,
          0,
          (byte) 0xf0,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          '{',
          '}'
        });
    ReslabException e = assertThrows(ReslabException.class, () -> NpyFile.read(f));
    assertEquals(f + " is truncated (header runs past the end of the file)", e.getMessage());
  }
}
