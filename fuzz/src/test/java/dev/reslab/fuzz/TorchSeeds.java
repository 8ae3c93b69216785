package dev.reslab.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, complete {@code torch.save} files in both containers, laid out as PyTorch writes them, so
 * the fuzzer starts from inputs that parse all the way (the real checkpoints are a megabyte of
 * storage bytes): {@code {'state_dict': OrderedDict(w: a 2×3 float tensor, n: an int64 scalar),
 * 'epoch': 3}}.
 */
final class TorchSeeds {
  private TorchSeeds() {}

  static byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "seed/data.pkl", statePickle(false));
      entry(zip, "seed/data/0", le32(new float[] {0, 1, 2, 3, 4, 5}));
      entry(zip, "seed/data/1", le64(7));
      entry(zip, "seed/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] legacy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // magic number 0x1950a86a20f9469cfc6c as LONG1, protocol version 1001, system info {}
    out.writeBytes(
        new Pickle()
            .proto()
            .op(0x8a, 10)
            .op(0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19)
            .stop()
            .bytes());
    out.writeBytes(new Pickle().proto().op('M', 0xe9, 0x03).stop().bytes());
    out.writeBytes(new Pickle().proto().op('}').stop().bytes());
    out.writeBytes(statePickle(true));
    out.writeBytes(new Pickle().proto().op(']').op('(').str("0").str("1").op('e').stop().bytes());
    out.writeBytes(le64(6));
    out.writeBytes(le32(new float[] {0, 1, 2, 3, 4, 5}));
    out.writeBytes(le64(1));
    out.writeBytes(le64(7));
    return out.toByteArray();
  }

  /** A pickle that calls {@code os.system('true')}: refused, never run. */
  static byte[] callsOsSystem() {
    return new Pickle()
        .proto()
        .global("os", "system")
        .op('(')
        .str("true")
        .op('t')
        .op('R')
        .stop()
        .bytes();
  }

  private static byte[] statePickle(boolean legacy) {
    Pickle p = new Pickle().proto().op('}').op('(').str("state_dict");
    p.global("collections", "OrderedDict").op(')').op('R').op('(');
    p.str("w");
    tensor(p, "FloatStorage", "0", 6, new int[] {2, 3}, new int[] {3, 1}, legacy);
    p.str("n");
    tensor(p, "LongStorage", "1", 1, new int[] {}, new int[] {}, legacy);
    p.op('u');
    p.str("epoch").op('K', 3).op('u');
    return p.stop().bytes();
  }

  private static void tensor(
      Pickle p, String storage, String key, int numel, int[] size, int[] stride, boolean legacy) {
    p.global("torch._utils", "_rebuild_tensor_v2").op('(');
    p.op('(').str("storage").global("torch", storage).str(key).str("cpu").integer(numel);
    if (legacy) {
      p.op('N');
    }
    p.op('t').op('Q'); // the persistent id tuple, BINPERSID
    p.integer(0).op('(');
    for (int s : size) {
      p.integer(s);
    }
    p.op('t').op('(');
    for (int s : stride) {
      p.integer(s);
    }
    p.op('t').op(0x89); // requires_grad False
    p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
    p.op('t').op('R');
  }

  /** The few protocol-2 opcodes torch.save uses. */
  private static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle op(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Pickle proto() {
      return op(0x80, 2);
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      out.writeBytes(
          ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
      out.writeBytes(b);
      return this;
    }

    Pickle integer(int v) {
      op('J');
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    Pickle global(String module, String name) {
      op('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickle stop() {
      return op('.');
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

  private static byte[] le32(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  private static byte[] le64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
