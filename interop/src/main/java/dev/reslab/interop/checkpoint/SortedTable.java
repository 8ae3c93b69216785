package dev.reslab.interop.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable sorted key/value table (LevelDB's format) TensorFlow writes as a checkpoint's {@code .index}: a
 * 48-byte footer points to an index block whose values point to data blocks; each block holds prefix-compressed
 * entries followed by restart offsets. TensorFlow writes index tables uncompressed.
 */
final class SortedTable {
  private static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER = 48;

  private SortedTable() {}

  /** Every key (UTF-8) and its value, in key order. */
  static Map<String, byte[]> read(byte[] file, String name) {
    if (file.length < FOOTER) {
      throw new IllegalArgumentException(name + " is too short to be a checkpoint index (truncated?)");
    }
    ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
    if (footer.getLong(file.length - 8) != MAGIC) {
      throw new IllegalArgumentException(name + " is not a TensorFlow checkpoint index (bad table magic; "
          + "truncated or another format)");
    }
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
  }

  private static Map<String, byte[]> block(byte[] file, long offset, long size, String name) {
    if (offset < 0 || offset + size + 5 > file.length) {
      throw new IllegalArgumentException(name + ": a table block lies beyond the end of the file (truncated?)");
    }
    if (file[(int) (offset + size)] != 0) {
      throw new IllegalArgumentException(name + ": compressed table blocks are not supported");
    }
    ByteBuffer b = ByteBuffer.wrap(file, (int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
    int end = (int) (offset + size);
    int restarts = b.getInt(end - 4);
    int entriesEnd = end - 4 - 4 * restarts;
    Map<String, byte[]> out = new LinkedHashMap<>();
    byte[] key = new byte[0];
    while (b.position() < entriesEnd) {
      int shared = (int) varint(b);
      int unshared = (int) varint(b);
      int valueLength = (int) varint(b);
      byte[] next = new byte[shared + unshared];
      System.arraycopy(key, 0, next, 0, shared);
      b.get(next, shared, unshared);
      key = next;
      byte[] value = new byte[valueLength];
      b.get(value);
      out.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), value);
    }
    return out;
  }

  /** A base-128 varint, least significant group first. */
  static long varint(ByteBuffer b) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b.get();
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("malformed varint in checkpoint index");
  }
}
