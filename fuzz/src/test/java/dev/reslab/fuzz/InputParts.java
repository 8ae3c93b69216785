package dev.reslab.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Several files in one fuzz input: every part but the last is preceded by its length (uint16,
 * little-endian), the last takes the rest. Any byte string splits (missing bytes give empty parts),
 * so the fuzzer never wastes inputs.
 */
final class InputParts {
  private InputParts() {}

  static byte[][] split(byte[] input, int parts) {
    byte[][] out = new byte[parts][];
    int pos = 0;
    for (int i = 0; i < parts - 1; i++) {
      int length =
          pos + 2 <= input.length
              ? Short.toUnsignedInt(
                  ByteBuffer.wrap(input, pos, 2).order(ByteOrder.LITTLE_ENDIAN).getShort())
              : 0;
      pos = Math.min(pos + 2, input.length);
      int end = Math.min(pos + length, input.length);
      out[i] = Arrays.copyOfRange(input, pos, end);
      pos = end;
    }
    out[parts - 1] = Arrays.copyOfRange(input, pos, input.length);
    return out;
  }

  /** The inverse of {@link #split} (parts but the last are cut at 65,535 bytes). */
  static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length - 1; i++) {
      int length = Math.min(parts[i].length, 0xffff);
      out.write(length & 0xff);
      out.write(length >>> 8);
      out.write(parts[i], 0, length);
    }
    out.writeBytes(parts[parts.length - 1]);
    return out.toByteArray();
  }
}
