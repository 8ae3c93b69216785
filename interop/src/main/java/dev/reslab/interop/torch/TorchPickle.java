package dev.reslab.interop.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;
import net.razorvine.pickle.objects.ClassDictConstructor;

/**
 * Pyrolite's unpickler taught what {@code torch.save} pickles: storages arrive as persistent ids,
 * tensors as calls of {@code torch._utils._rebuild_tensor(_v2)}, state dicts as {@code
 * collections.OrderedDict}. Tensors come out as {@link TensorRef}s pointing into storages that
 * {@link TorchCheckpoint} reads afterwards.
 *
 * <p>Pyrolite's constructor table is global to the JVM, so the constructors registered here are
 * stateless.
 */
final class TorchPickle extends Unpickler {
  private static final short EMPTY_DICT = '}';
  private static final short SETITEMS = 'u';
  private static final short GLOBAL = 'c';
  private static final short STACK_GLOBAL = 0x93;

  /**
   * Opcodes followed by a 4- or 8-byte little-endian length: BINSTRING, BINUNICODE, BINBYTES,
   * LONG4, BINUNICODE8, BINBYTES8, BYTEARRAY8.
   */
  private static final Map<Short, Integer> LENGTH_BYTES =
      Map.of(
          (short) 'T',
          4,
          (short) 'X',
          4,
          (short) 'B',
          4,
          (short) 0x8b,
          4,
          (short) 0x8d,
          8,
          (short) 0x8e,
          8,
          (short) 0x96,
          8);

  /**
   * The pickle calls something reslab does not know (say {@code os.system}); nothing was called.
   */
  static final class RefusedCall extends PickleException {
    private static final long serialVersionUID = 1L;
    private final String callable;

    RefusedCall(String callable) {
      super("refused call of " + callable);
      this.callable = callable;
    }

    /** The callable's full name, {@code module.name}. */
    String callable() {
      return callable;
    }
  }

  /**
   * What Pyrolite makes of a global it has no constructor for: a plain attribute holder when called
   * without arguments (harmless, e.g. an object restored by BUILD), otherwise a refusal naming it.
   */
  private record UnknownCallable(String name, IObjectConstructor plain)
      implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      if (args.length == 0) {
        return plain.construct(args);
      }
      throw new RefusedCall(name);
    }
  }

  /**
   * A storage named in a persistent id; {@code offset} is non-zero only for legacy storage views.
   */
  record StorageRef(String key, String dtype, long size, long offset) {}

  /** A tensor: a strided view of a storage, sizes and strides in elements. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

  /**
   * The callable {@code torch.FloatStorage} etc.: pickled as a global inside persistent ids, never
   * called.
   */
  record StorageType(String dtype) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("unexpected call of a torch storage type " + dtype);
    }
  }

  private static final Map<String, String> STORAGE_TYPES =
      Map.ofEntries(
          Map.entry("FloatStorage", "float32"),
          Map.entry("DoubleStorage", "float64"),
          Map.entry("HalfStorage", "float16"),
          Map.entry("BFloat16Storage", "bfloat16"),
          Map.entry("LongStorage", "int64"),
          Map.entry("IntStorage", "int32"),
          Map.entry("ShortStorage", "int16"),
          Map.entry("CharStorage", "int8"),
          Map.entry("ByteStorage", "uint8"),
          Map.entry("BoolStorage", "bool"));

  static {
    Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchPickle::rebuildTensor);
    Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", TorchPickle::rebuildTensor);
    Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
    Unpickler.registerConstructor("collections", "OrderedDict", TorchPickle::orderedDict);
    STORAGE_TYPES.forEach(
        (name, dtype) -> Unpickler.registerConstructor("torch", name, new StorageType(dtype)));
  }

  /**
   * Reads one pickle from the stream, leaving the stream just after its STOP opcode. A fresh
   * unpickler per pickle (each has its own memo); not closed, as Unpickler.close() would close the
   * caller's stream.
   */
  static Object loadOne(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalStateException("TorchPickle needs a stream that can look ahead at lengths");
    }
    try {
      return new TorchPickle().load(in);
    } catch (PickleException e) {
      throw e;
    } catch (RuntimeException e) {
      // Pyrolite meets a malformed pickle with whatever its code hits (an empty stack, a bad
      // number, a cast)
      throw new PickleException(
          "malformed pickle ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
              + ")");
    } catch (StackOverflowError e) {
      throw new PickleException("the pickle nests too deeply or contains itself");
    }
  }

  /**
   * Keeps dicts in file order: Pyrolite's SETITEMS gathers items in a HashMap first and EMPTY_DICT
   * makes a HashMap, which would shuffle a state dict's parameter order.
   */
  @Override
  protected Object dispatch(short opcode) throws IOException {
    int lengthBytes = LENGTH_BYTES.getOrDefault(opcode, 0);
    if (lengthBytes > 0) {
      checkLength(opcode, lengthBytes);
    }
    if (opcode == EMPTY_DICT) {
      stack.add(new PickledDict());
      return NO_RETURN_VALUE;
    }
    if (opcode == SETITEMS) {
      List<Object> items = stack.pop_all_since_marker();
      @SuppressWarnings("unchecked")
      Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
      for (int i = 0; i + 1 < items.size(); i += 2) {
        dict.put(items.get(i), items.get(i + 1));
      }
      return NO_RETURN_VALUE;
    }
    Object result = super.dispatch(opcode);
    if ((opcode == GLOBAL || opcode == STACK_GLOBAL)
        && stack.peek() instanceof ClassDictConstructor unknown) {
      stack.pop();
      // a ClassDict made without arguments carries the global's full name
      String name = ((ClassDict) unknown.construct(new Object[0])).getClassName();
      stack.add(new UnknownCallable(name, unknown));
    }
    return result;
  }

  /**
   * Pyrolite allocates a value's bytes as its length field says before reading them; a length
   * beyond what is left of the input would make it allocate up to gigabytes for a few bytes of
   * file. The length is read ahead and checked against {@code available()}, exact for the file and
   * byte-array streams {@link TorchCheckpoint} passes.
   */
  private void checkLength(short opcode, int lengthBytes) throws IOException {
    input.mark(lengthBytes);
    byte[] b = input.readNBytes(lengthBytes);
    input.reset();
    if (b.length < lengthBytes) {
      return; // Pyrolite reports the cut-off length itself
    }
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long length = lengthBytes == 4 ? le.getInt() : le.getLong();
    long left = input.available() - lengthBytes;
    if (length < 0 || length > left) {
      throw new PickleException(
          "opcode 0x"
              + Integer.toHexString(opcode)
              + " declares "
              + length
              + " bytes, "
              + Math.max(0, left)
              + " are left");
    }
  }

  /**
   * An ordered dict. PyTorch pickles a state dict's {@code _metadata} attribute with BUILD, which
   * Pyrolite applies through {@code __setstate__}; the metadata (module versions) does not matter
   * here.
   */
  public static final class PickledDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    public void __setstate__(HashMap<?, ?> state) {
      // attributes of the OrderedDict, not items
    }

    public void __setstate__(PickledDict state) {
      // same, when the state itself was an ordered dict
    }

    public void __setstate__(Object[] state) {
      // same, as a tuple
    }
  }

  /**
   * ({@code storage, storage_offset, size, stride, …}); later arguments (requires_grad, hooks) do
   * not matter.
   */
  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
      throw new PickleException(
          "unexpected arguments to torch._utils._rebuild_tensor: " + Arrays.toString(args));
    }
    return new TensorRef(storage, number(args[1]), longs(args[2]), longs(args[3]));
  }

  /**
   * {@code OrderedDict()} or {@code OrderedDict([(k, v), …])}; items usually follow as SETITEMS.
   */
  @SuppressWarnings("unchecked")
  private static Object orderedDict(Object[] args) {
    Map<Object, Object> map = new PickledDict();
    if (args.length > 0 && args[0] instanceof List<?> items) {
      for (Object item : items) {
        Object[] pair = (Object[]) item;
        map.put(pair[0], pair[1]);
      }
    }
    return map;
  }

  /** ({@code 'storage', storage_type, key, location, numel[, view_metadata]}). */
  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
      throw new PickleException("unexpected persistent id " + describe(pid));
    }
    if (!(t[1] instanceof StorageType type)) {
      throw new PickleException(
          "unsupported storage type " + t[1] + " (reslab reads float, int and bool storages)");
    }
    long offset = 0;
    if (t.length > 5 && t[5] instanceof Object[] view) {
      offset = number(view[1]); // (view_key, offset, view_size) of a legacy storage view
    }
    return new StorageRef(String.valueOf(t[2]), type.dtype(), number(t[4]), offset);
  }

  private static String describe(Object o) {
    return o instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(o);
  }

  private static long number(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new PickleException("expected an integer, got " + o);
  }

  private static long[] longs(Object o) {
    if (!(o instanceof Object[] tuple)) {
      throw new PickleException("expected a tuple of integers, got " + o);
    }
    long[] out = new long[tuple.length];
    for (int i = 0; i < tuple.length; i++) {
      out[i] = number(tuple[i]);
    }
    return out;
  }
}
