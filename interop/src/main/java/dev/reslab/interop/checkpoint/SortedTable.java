package dev.reslab.interop.checkpoint;

import dev.reslab.ReslabException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable sorted key/value table (LevelDB's format) TensorFlow writes as a checkpoint's
 * {@code .index}: a 48-byte footer points to an index block whose values point to data blocks; each
 * block holds prefix-compressed entries followed by restart offsets. TensorFlow writes index tables
 * uncompressed. Every offset and length read from the file is checked against the file before use.
 */
final class SortedTable {
  private static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER = 48;

  /** A block ends with its compression type (1 byte) and a checksum (4 bytes). */
  private static final int TRAILER = 5;

  private SortedTable() {}

  /** A varint or length that runs past its block. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** Every key (UTF-8) and its value, in key order. */
  static Map<String, byte[]> read(byte[] file, String name) {
    if (file.length < FOOTER) {
      throw new ReslabException(name + " is too short to be a checkpoint index (truncated?)");
    }
    ByteBuffer footer =
        ByteBuffer.wrap(file, file.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
    if (footer.getLong(file.length - 8) != MAGIC) {
      throw new ReslabException(
          name
              + " is not a TensorFlow checkpoint index (bad table magic; "
              + "truncated or another format)");
    }
    try {
      varint(footer); // metaindex handle: offset, size (unused)
      varint(footer);
      long indexOffset = varint(footer);
      long indexSize = varint(footer);
      Map<String, byte[]> entries = new LinkedHashMap<>();
      for (byte[] handle : block(file, indexOffset, indexSize, name).values()) {
        ByteBuffer h = ByteBuffer.wrap(handle);
        entries.putAll(block(file, varint(h), varint(h), name));
      }
      return entries;
    } catch (Malformed | BufferUnderflowException e) {
      throw new ReslabException(
          name
              + " is a corrupt checkpoint index ("
              + (e.getMessage() == null ? "a value runs past its block" : e.getMessage())
              + ")");
    }
  }

  private static Map<String, byte[]> block(byte[] file, long offset, long size, String name) {
    if (offset < 0 || size < 4 || size > file.length || offset > file.length - TRAILER - size) {
      throw new ReslabException(
          name + ": a table block lies beyond the end of the file (truncated?)");
    }
    int start = (int) offset;
    int end = (int) (offset + size);
    if (file[end] != 0) {
      throw new ReslabException(name + ": compressed table blocks are not supported");
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int restarts = b.getInt(end - 4);
    if (restarts < 0 || restarts > (size - 4) / 4) {
      throw new Malformed("a block claims " + restarts + " restart points");
    }
    b.position(start).limit(end - 4 - 4 * restarts);
    Map<String, byte[]> out = new LinkedHashMap<>();
    byte[] key = new byte[0];
    while (b.hasRemaining()) {
      long shared = varint(b);
      long unshared = varint(b);
      long valueLength = varint(b);
      if (shared > key.length
          || unshared > b.remaining()
          || valueLength > b.remaining() - unshared) {
        throw new Malformed("an entry's key or value runs past its block");
      }
      byte[] next = new byte[(int) (shared + unshared)];
      System.arraycopy(key, 0, next, 0, (int) shared);
      b.get(next, (int) shared, (int) unshared);
      key = next;
      byte[] value = new byte[(int) valueLength];
      b.get(value);
      out.put(new String(key, StandardCharsets.UTF_8), value);
    }
    return out;
  }

  /** A base-128 varint, least significant group first; at most 64 bits, never negative here. */
  static long varint(ByteBuffer b) {
    long result = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte x = b.get();
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new Malformed("malformed varint");
  }
}
