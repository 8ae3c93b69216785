package dev.reslab.interop.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written byte by byte as {@code torch.save} lays them out, to pin down what the real
 * files do not exercise (and to run without the shared data): views at storage offsets,
 * non-contiguous strides, two tensors sharing a storage, float64 and int64 storages, a wrapper
 * dict, {@code module.} prefixes and the state dict's {@code _metadata} attribute.
 */
class SyntheticCheckpointTest {
  private static final float[] STORAGE0 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  private static final double[] STORAGE1 = {0.25, -1.5};

  @Test
  void zipArchive(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("synthetic.pth");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "synthetic/data.pkl", statePickle(false));
      entry(zip, "synthetic/data/0", floats(STORAGE0));
      entry(zip, "synthetic/data/1", doubles(STORAGE1));
      entry(zip, "synthetic/data/2", longs(7));
      entry(zip, "synthetic/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    check(TorchCheckpoint.read(file));
  }

  @Test
  void legacyStream(@TempDir Path tmp) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pickle magic = new Pickle().proto();
    magic
        .raw(0x8a, 10)
        .raw(0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19)
        .stop(); // LONG1 magic
    out.write(magic.bytes());
    out.write(new Pickle().proto().raw('M', 0xe9, 0x03).stop().bytes()); // protocol version 1001
    out.write(new Pickle().proto().raw('}').stop().bytes()); // system info (contents unused)
    out.write(statePickle(true));
    out.write(
        new Pickle().proto().raw(']').raw('(').str("0").str("1").str("2").raw('e').stop().bytes());
    out.write(le(STORAGE0.length)); // each storage: int64 element count, then the data
    out.write(floats(STORAGE0));
    out.write(le(STORAGE1.length));
    out.write(doubles(STORAGE1));
    out.write(le(1));
    out.write(longs(7));
    Path file = tmp.resolve("synthetic.th");
    Files.write(file, out.toByteArray());
    check(TorchCheckpoint.read(file));

    Path cut = tmp.resolve("cut.th");
    Files.write(cut, Arrays.copyOf(out.toByteArray(), out.size() - 8));
    ReslabException e = assertThrows(ReslabException.class, () -> TorchCheckpoint.read(cut));
    assertTrue(
        e.getMessage().startsWith("PyTorch checkpoint " + cut + " is truncated or corrupt"),
        e.getMessage());
  }

  @Test
  void pickleCallingAnythingElseIsRefusedForSafetyNamingTheCall(@TempDir Path tmp)
      throws IOException {
    Path marker = tmp.resolve("ran");
    Pickle call =
        new Pickle()
            .proto()
            .global("os", "system")
            .raw('(')
            .str("touch " + marker)
            .raw('t')
            .raw('R')
            .stop();
    Path zipFile = tmp.resolve("evil.pth");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
      entry(zip, "evil/data.pkl", call.bytes());
    }
    Path legacyFile = tmp.resolve("evil.th");
    Files.write(
        legacyFile,
        call.bytes()); // the first pickle of a legacy stream (the magic number) already calls
    for (Path file : List.of(zipFile, legacyFile)) {
      ReslabException e = assertThrows(ReslabException.class, () -> TorchCheckpoint.read(file));
      assertEquals(
          "PyTorch checkpoint "
              + file
              + " calls os.system, which is not a tensor or container type; "
              + "refused for safety (nothing was run)",
          e.getMessage());
    }
    assertTrue(Files.notExists(marker));
  }

  private static void check(StateDict sd) {
    assertEquals(
        List.of("a", "b", "c", "n"), List.copyOf(sd.names()), "file order, module. removed");
    // a: offset 2, 2x3 contiguous
    assertArrayEquals(new long[] {2, 3}, sd.get("a").shape());
    assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, sd.get("a").values().values());
    // b: the same storage seen transposed, 3x2 with strides (1, 3)
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, sd.get("b").values().values());
    assertEquals("float64", sd.get("c").dtype());
    assertArrayEquals(new float[] {0.25f, -1.5f}, sd.get("c").values().values());
    assertEquals("int64", sd.get("n").dtype());
    assertArrayEquals(new long[] {}, sd.get("n").shape());
    assertArrayEquals(new float[] {7}, sd.get("n").values().values());
  }

  /**
   * {@code {'state_dict': OrderedDict(module.a, module.b, module.c, module.n) with _metadata,
   * 'epoch': 3}}; legacy persistent ids carry a sixth element (view metadata, None).
   */
  private static byte[] statePickle(boolean legacy) {
    Pickle p = new Pickle().proto().raw('}').raw('(').str("state_dict");
    p.global("collections", "OrderedDict").raw(')').raw('R').raw('(');
    p.str("module.a");
    tensor(p, "FloatStorage", "0", 12, 2, new int[] {2, 3}, new int[] {3, 1}, legacy);
    p.str("module.b");
    tensor(p, "FloatStorage", "0", 12, 0, new int[] {3, 2}, new int[] {1, 3}, legacy);
    p.str("module.c");
    tensor(p, "DoubleStorage", "1", 2, 0, new int[] {2}, new int[] {1}, legacy);
    p.str("module.n");
    tensor(p, "LongStorage", "2", 1, 0, new int[] {}, new int[] {}, legacy);
    p.raw('u');
    p.raw('}')
        .raw('(')
        .str("_metadata")
        .raw('}')
        .raw('u')
        .raw('b'); // BUILD: the OrderedDict's attributes
    p.str("epoch").raw('K', 3).raw('u');
    return p.stop().bytes();
  }

  private static void tensor(
      Pickle p,
      String storage,
      String key,
      int numel,
      int offset,
      int[] size,
      int[] stride,
      boolean legacy) {
    p.global("torch._utils", "_rebuild_tensor_v2").raw('(');
    p.raw('(').str("storage").global("torch", storage).str(key).str("cpu").integer(numel);
    if (legacy) {
      p.raw('N');
    }
    p.raw('t').raw('Q'); // persistent id tuple → BINPERSID
    p.integer(offset);
    p.raw('(');
    for (int s : size) {
      p.integer(s);
    }
    p.raw('t').raw('(');
    for (int s : stride) {
      p.integer(s);
    }
    p.raw('t').raw(0x89); // requires_grad False
    p.global("collections", "OrderedDict").raw(')').raw('R'); // backward hooks
    p.raw('t').raw('R');
  }

  /** A few pickle protocol-2 opcodes. */
  private static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Pickle proto() {
      return raw(0x80, 2);
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      raw('X');
      out.writeBytes(
          ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
      out.writeBytes(b);
      return this;
    }

    Pickle integer(int v) {
      raw('J');
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    Pickle global(String module, String name) {
      raw('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickle stop() {
      return raw('.');
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  private static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  private static byte[] doubles(double[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(v);
    return b.array();
  }

  private static byte[] longs(long v) {
    return le(v);
  }

  private static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
