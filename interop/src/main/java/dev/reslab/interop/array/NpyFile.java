package dev.reslab.interop.array;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1–3) for float32, little-endian, C-ordered arrays: magic
 * {@code \x93NUMPY}, version, header length, a Python dict literal {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (…)}}, then the raw values.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFile() {}

  /**
   * Reads a float32 array; any other dtype, byte order or Fortran order is an error naming the
   * file.
   */
  public static FloatArray read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ReslabException("cannot read " + file + ": " + IoReason.of(e), e);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !ByteBuffer.wrap(bytes, 0, 6).equals(ByteBuffer.wrap(MAGIC))) {
      throw new ReslabException(file + " is not a .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(buf.getShort(8));
      headerStart = 10;
    } else if ((major == 2 || major == 3) && bytes.length < 12) {
      throw new ReslabException(file + " is truncated (header runs past the end of the file)");
    } else if (major == 2 || major == 3) {
      headerLength = buf.getInt(8);
      headerStart = 12;
    } else {
      throw new ReslabException(file + ": unsupported .npy version " + major);
    }
    if (headerLength < 0 || headerLength > bytes.length - headerStart) {
      throw new ReslabException(file + " is truncated (header runs past the end of the file)");
    }
    String header =
        new String(
            bytes,
            headerStart,
            headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, file, "descr");
    if (!descr.equals("<f4")) {
      throw new ReslabException(
          file
              + ": dtype '"
              + descr
              + "' is not supported; need little-endian "
              + "float32 ('<f4')");
    }
    if (group(FORTRAN, header, file, "fortran_order").equals("True")) {
      throw new ReslabException(
          file + ": Fortran-ordered arrays are not supported; save in C order");
    }
    String shapeText = group(SHAPE, header, file, "shape");
    long[] shape;
    long count;
    try {
      shape = parseShape(shapeText);
      count = FloatArray.elementCount(shape);
    } catch (IllegalArgumentException e) { // also NumberFormatException
      throw new ReslabException(
          file
              + ": .npy shape ("
              + shapeText.strip()
              + ") is not a tuple of "
              + "element counts whose product fits in a long");
    }
    int dataStart = headerStart + headerLength;
    if ((bytes.length - dataStart) / 4 < count) {
      throw new ReslabException(
          file
              + " is truncated: shape ("
              + shapeText.strip()
              + ") needs "
              + count
              + " float32 values, the file holds "
              + (bytes.length - dataStart)
              + " bytes of data");
    }
    float[] values = new float[Math.toIntExact(count)];
    buf.position(dataStart);
    buf.asFloatBuffer().get(values);
    return new FloatArray(shape, values);
  }

  /** Writes a float32, C-ordered, version 1.0 {@code .npy} file. */
  public static void write(Path file, FloatArray array) {
    StringBuilder shape = new StringBuilder();
    for (long d : array.shape()) {
      shape.append(d).append(", ");
    }
    String dims =
        array.rank() == 1 ? shape.toString().trim() : shape.toString().replaceAll(", $", "");
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Pad with spaces so the data starts at a multiple of 64 bytes, ending the header with a
    // newline.
    int total = 10 + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - total) + "\n";
    ByteBuffer buf =
        ByteBuffer.allocate(10 + header.length() + array.values().length * 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    buf.asFloatBuffer().put(array.values());
    try {
      Files.write(file, buf.array());
    } catch (IOException e) {
      throw new ReslabException("cannot write " + file + ": " + IoReason.of(e), e);
    }
  }

  private static String group(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new ReslabException(file + ": .npy header has no '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static long[] parseShape(String text) {
    List<Long> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        dims.add(Long.parseLong(part.trim().replace("L", "")));
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }
}
