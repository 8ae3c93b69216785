package dev.reslab.interop.torch;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.StridedCopy;
import dev.reslab.interop.torch.TorchPickle.StorageRef;
import dev.reslab.interop.torch.TorchPickle.TensorRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads what {@code torch.save(state_dict)} or {@code torch.save({"state_dict": …, …})} wrote, in
 * either container:
 *
 * <ul>
 *   <li>the <b>zip archive</b> of PyTorch ≥ 1.6: {@code <name>/data.pkl} with storages as
 *       persistent ids and each storage's raw bytes in {@code <name>/data/<key>};
 *   <li>the <b>legacy stream</b>: five pickles (magic number 0x1950a86a20f9469cfc6c, protocol
 *       version, system info, the object, the storage keys) followed by each storage as an int64
 *       element count and its raw bytes.
 * </ul>
 *
 * Storages are little-endian. Every problem is a {@link ReslabException} whose message names the
 * file.
 */
public final class TorchCheckpoint {
  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final List<String> WRAPPER_KEYS =
      List.of("state_dict", "model_state_dict", "model", "net");

  /**
   * A state dict's pickle is names and shapes: a few hundred bytes per tensor, so this allows
   * 100,000s of them.
   */
  private static final int MAX_PICKLE_BYTES = 64 << 20;

  private TorchCheckpoint() {}

  /**
   * The state dict in {@code file}, found at the top level or under {@code state_dict} (or a
   * similar key).
   */
  public static StateDict read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ReslabException("PyTorch checkpoint " + file + " does not exist or is not a file");
    }
    Object root;
    Map<String, float[]> storages = new HashMap<>();
    try {
      root = isZip(file) ? readZip(file, storages) : readLegacy(file, storages);
    } catch (TorchPickle.RefusedCall e) {
      throw new ReslabException(
          "PyTorch checkpoint "
              + file
              + " calls "
              + e.callable()
              + ", which is not a "
              + "tensor or container type; refused for safety (nothing was run)",
          e);
    } catch (EOFException | PickleException | ZipException e) {
      throw truncated(file, e);
    } catch (StackOverflowError e) {
      // a pickle can build a list that contains itself; hashing or walking it never ends
      throw new ReslabException(
          "PyTorch checkpoint " + file + " is corrupt: its pickle contains itself");
    } catch (NoSuchFileException e) {
      throw new ReslabException("PyTorch checkpoint " + file + " does not exist");
    } catch (IOException e) {
      // Pyrolite reports a cut-off pickle as a plain IOException.
      String m = String.valueOf(e.getMessage());
      if (m.contains("premature end") || m.contains("expected more bytes")) {
        throw truncated(file, e);
      }
      throw new ReslabException(
          "cannot read PyTorch checkpoint " + file + ": " + IoReason.of(e), e);
    }
    Map<?, ?> dict = findStateDict(file, root);
    boolean dataParallel =
        !dict.isEmpty()
            && dict.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("module."));
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (e.getValue() instanceof TensorRef ref) {
        String name = String.valueOf(e.getKey());
        tensors.put(
            dataParallel ? name.substring("module.".length()) : name,
            resolve(file, name, ref, storages));
      }
    }
    return new StateDict(file, tensors);
  }

  private static ReslabException truncated(Path file, Exception cause) {
    return new ReslabException(
        "PyTorch checkpoint "
            + file
            + " is truncated or corrupt ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + ")",
        cause);
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  private static Object readZip(Path file, Map<String, float[]> storages) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl =
          zip.stream()
              .filter(e -> e.getName().equals("data.pkl") || e.getName().endsWith("/data.pkl"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ReslabException(
                          "PyTorch checkpoint "
                              + file
                              + " is a zip file without data.pkl; is it a torch.save archive?"));
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      Object root;
      try (InputStream in = zip.getInputStream(pkl)) {
        byte[] pickle = in.readNBytes(MAX_PICKLE_BYTES + 1);
        if (pickle.length > MAX_PICKLE_BYTES) {
          throw new ReslabException(
              "PyTorch checkpoint "
                  + file
                  + ": "
                  + pkl.getName()
                  + " is larger than "
                  + (MAX_PICKLE_BYTES >> 20)
                  + " MiB, which no state dict needs");
        }
        root = TorchPickle.loadOne(new ByteArrayInputStream(pickle));
      }
      for (StorageRef ref : storageRefs(root)) {
        if (storages.containsKey(ref.key())) {
          continue;
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
        if (entry == null) {
          throw new ReslabException(
              "PyTorch checkpoint "
                  + file
                  + " lacks storage "
                  + prefix
                  + "data/"
                  + ref.key()
                  + "; the archive is incomplete");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          // what the pickle says the storage holds, and no more: a deflated entry may inflate
          // without end
          storages.put(
              ref.key(),
              decode(
                  file,
                  ref,
                  in.readNBytes(
                      storageBytes(file, ref.key(), ref.size(), ref.dtype(), Integer.MAX_VALUE))));
        }
      }
      return root;
    }
  }

  private static Object readLegacy(Path file, Map<String, float[]> storages) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      Object magic = TorchPickle.loadOne(in);
      // an integer pickle (Long or BigInteger), not a float whose text BigInteger cannot parse
      boolean integer =
          magic instanceof Long || magic instanceof Integer || magic instanceof BigInteger;
      if (!integer || !new BigInteger(magic.toString()).equals(LEGACY_MAGIC)) {
        throw new ReslabException(
            file
                + " is not a PyTorch checkpoint: neither a zip archive nor a pickle "
                + "stream starting with torch's magic number");
      }
      TorchPickle.loadOne(in); // protocol version
      TorchPickle.loadOne(in); // system info (byte order, type sizes)
      Object root = TorchPickle.loadOne(in);
      Object keys = TorchPickle.loadOne(in);
      Map<String, StorageRef> byKey = new HashMap<>();
      for (StorageRef ref : storageRefs(root)) {
        byKey.putIfAbsent(ref.key(), ref);
      }
      if (!(keys instanceof List<?> keyList)) {
        throw new ReslabException(
            "PyTorch checkpoint "
                + file
                + " is corrupt: its storage keys are a "
                + typeName(keys)
                + ", not a list");
      }
      for (Object key : keyList) {
        long count = Long.reverseBytes(in.readLong()); // little-endian element count
        StorageRef ref = byKey.get(String.valueOf(key));
        String dtype = ref == null ? "uint8" : ref.dtype();
        byte[] bytes =
            new byte[storageBytes(file, String.valueOf(key), count, dtype, in.available())];
        in.readFully(bytes);
        if (ref != null) {
          storages.put(ref.key(), decode(file, new StorageRef(ref.key(), dtype, count, 0), bytes));
        }
      }
      return root;
    } catch (ClassCastException e) {
      throw new ReslabException(
          file + " is not a PyTorch checkpoint: unexpected pickle contents", e);
    }
  }

  /**
   * The bytes of a storage of {@code count} elements of {@code dtype}, which must be at most {@code
   * left}; a count that no file could hold is corrupt, not an allocation to attempt.
   */
  private static int storageBytes(Path file, String key, long count, String dtype, long left) {
    long max = Math.min(left, Integer.MAX_VALUE) / elementSize(dtype);
    if (count < 0 || count > max) {
      throw new ReslabException(
          "PyTorch checkpoint "
              + file
              + " is truncated or corrupt: storage "
              + key
              + " declares "
              + count
              + " elements of "
              + dtype
              + ", more than the file holds");
    }
    return (int) count * elementSize(dtype);
  }

  /** Every storage referenced anywhere in the unpickled object (which may contain itself). */
  private static List<StorageRef> storageRefs(Object root) {
    List<StorageRef> refs = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(root == null ? List.of() : root);
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (o instanceof TensorRef t) {
        refs.add(t.storage());
      } else if (!seen.add(o)) {
        continue;
      } else if (o instanceof Map<?, ?> m) {
        m.values().stream().filter(Objects::nonNull).forEach(todo::push);
      } else if (o instanceof List<?> l) {
        l.stream().filter(Objects::nonNull).forEach(todo::push);
      } else if (o instanceof Object[] a) {
        Arrays.stream(a).filter(Objects::nonNull).forEach(todo::push);
      }
    }
    return refs;
  }

  /**
   * The map of tensors: the root itself, or the value of {@code state_dict} (or another usual key)
   * in a wrapper.
   */
  private static Map<?, ?> findStateDict(Path file, Object root) {
    if (!(root instanceof Map<?, ?> map)) {
      throw new ReslabException(
          "PyTorch checkpoint "
              + file
              + " holds a "
              + typeName(root)
              + ", not a state dict (save model.state_dict(), not the model)");
    }
    if (map.values().stream().anyMatch(v -> v instanceof TensorRef)) {
      return map;
    }
    for (String key : WRAPPER_KEYS) {
      if (map.get(key) instanceof Map<?, ?> inner
          && inner.values().stream().anyMatch(v -> v instanceof TensorRef)) {
        return inner;
      }
    }
    List<?> candidates =
        map.values().stream()
            .filter(
                v ->
                    v instanceof Map<?, ?> m
                        && m.values().stream().anyMatch(x -> x instanceof TensorRef))
            .toList();
    if (candidates.size() == 1) {
      return (Map<?, ?>) candidates.get(0);
    }
    throw new ReslabException(
        "PyTorch checkpoint "
            + file
            + " has no state dict: its top-level keys are "
            + map.keySet());
  }

  private static String typeName(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  private static TorchTensor resolve(
      Path file, String name, TensorRef ref, Map<String, float[]> storages) {
    float[] storage = storages.get(ref.storage().key());
    long[] size = ref.size();
    long[] stride = ref.stride();
    boolean valid =
        storage != null
            && size.length == stride.length
            && ref.offset() >= 0
            && ref.storage().offset() >= 0
            && Arrays.stream(size).allMatch(d -> d >= 0)
            && Arrays.stream(stride).allMatch(d -> d >= 0);
    long offset = 0;
    long last = -1;
    long elements = 0;
    try {
      if (valid) {
        offset = Math.addExact(ref.storage().offset(), ref.offset());
        elements = FloatArray.elementCount(size);
        last = elements == 0 ? -1 : offset;
        for (int i = 0; i < size.length && elements > 0; i++) {
          last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
        }
      }
    } catch (ArithmeticException | IllegalArgumentException e) {
      valid = false;
    }
    // A view may repeat storage elements (stride 0), but reslab copies it out: at most the
    // storage's size.
    if (!valid || last >= storage.length || elements > storage.length) {
      throw new ReslabException(
          "PyTorch checkpoint "
              + file
              + ": tensor '"
              + name
              + "' (size "
              + Arrays.toString(size)
              + ", stride "
              + Arrays.toString(stride)
              + ") does not fit in its storage; the file "
              + "is truncated or corrupt");
    }
    float[] values = StridedCopy.gather(storage, offset, ref.size(), ref.stride());
    return new TorchTensor(ref.storage().dtype(), new FloatArray(ref.size(), values));
  }

  private static int elementSize(String dtype) {
    return switch (dtype) {
      case "float64", "int64" -> 8;
      case "float32", "int32" -> 4;
      case "float16", "bfloat16", "int16" -> 2;
      default -> 1;
    };
  }

  /**
   * Raw little-endian storage bytes as floats (integer storages such as num_batches_tracked are
   * converted too).
   */
  private static float[] decode(Path file, StorageRef ref, byte[] bytes) {
    int size = elementSize(ref.dtype());
    if (ref.size() < 0 || bytes.length / size < ref.size()) {
      throw new ReslabException(
          "PyTorch checkpoint "
              + file
              + ": storage "
              + ref.key()
              + " has "
              + bytes.length
              + " bytes, needs "
              + ref.size()
              + " elements of "
              + ref.dtype()
              + "; the file is truncated or "
              + "corrupt");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(ref.size());
    float[] out = new float[n];
    switch (ref.dtype()) {
      case "float32" -> b.asFloatBuffer().get(out);
      case "float64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case "float16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(i * 2));
        }
      }
      case "bfloat16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case "int64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(i * 8);
        }
      }
      case "int32" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(i * 4);
        }
      }
      case "int16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getShort(i * 2);
        }
      }
      case "int8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = bytes[i];
        }
      }
      default -> { // uint8, bool
        for (int i = 0; i < n; i++) {
          out[i] = bytes[i] & 0xff;
        }
      }
    }
    return out;
  }

  /** IEEE 754 half precision to float (Float.float16ToFloat arrived only in Java 20). */
  private static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0) {
      return (sign == 0 ? 1 : -1) * mantissa * 0x1p-24f;
    }
    if (exponent == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
