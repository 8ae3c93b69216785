package dev.reslab.interop.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;

/**
 * A TensorFlow checkpoint: {@code PREFIX.index} (a sorted table of {@code BundleEntryProto}s) and
 * {@code PREFIX.data-NNNNN-of-MMMMM} shards of raw little-endian tensors.
 *
 * <p>Python TF2 checkpoints name tensors by object path ({@code
 * layer_with_weights-0/kernel/.ATTRIBUTES/ VARIABLE_VALUE}); their {@code
 * _CHECKPOINTABLE_OBJECT_GRAPH} gives each variable's name ({@code conv2d/kernel}), which {@link
 * #variables()} uses when it is unique. TF1 checkpoints (and TF-Java's {@code Session.save}) use
 * the variable names directly.
 */
public final class TfCheckpoint {
  private static final String OBJECT_GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH";
  private static final String VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";
  private static final Pattern STATE_FILE =
      Pattern.compile("model_checkpoint_path:\\s*\"([^\"]*)\"");

  /** One stored tensor. */
  public record Entry(String key, String dtype, long[] shape) {
    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Path prefix;
  private final Map<String, BundleEntryProto> byKey;
  private final Map<String, Entry> variables;
  private final int shards;

  private TfCheckpoint(
      Path prefix, Map<String, BundleEntryProto> byKey, Map<String, Entry> variables, int shards) {
    this.prefix = prefix;
    this.byKey = byKey;
    this.variables = variables;
    this.shards = shards;
  }

  /**
   * Opens a checkpoint given as a prefix ({@code …/ckpt} with {@code ckpt.index} beside it), a
   * directory with a {@code checkpoint} state file, or a SavedModel directory (its {@code
   * variables/variables}).
   */
  public static TfCheckpoint open(Path location) {
    Path prefix = resolvePrefix(location);
    Path index = Path.of(prefix + ".index");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(index);
    } catch (IOException e) {
      throw new ReslabException("cannot read " + index + ": " + IoReason.of(e), e);
    }
    Map<String, byte[]> table = SortedTable.read(bytes, index.toString());
    Map<String, BundleEntryProto> byKey = new LinkedHashMap<>();
    int shards = 1;
    try {
      for (Map.Entry<String, byte[]> e : table.entrySet()) {
        if (e.getKey().isEmpty()) {
          BundleHeaderProto header = BundleHeaderProto.parseFrom(e.getValue());
          shards = Math.max(1, header.getNumShards());
          if (header.getEndianness() != BundleHeaderProto.Endianness.LITTLE) {
            throw new ReslabException(index + ": big-endian checkpoints are not supported");
          }
        } else {
          byKey.put(e.getKey(), BundleEntryProto.parseFrom(e.getValue()));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new ReslabException(index + " holds a malformed entry: " + e.getMessage(), e);
    }
    TfCheckpoint raw = new TfCheckpoint(prefix, byKey, Map.of(), shards);
    return new TfCheckpoint(prefix, byKey, raw.variableNames(), shards);
  }

  private static Path resolvePrefix(Path location) {
    if (Files.isDirectory(location)) {
      if (Files.isRegularFile(location.resolve("variables/variables.index"))) {
        return location.resolve("variables/variables");
      }
      Path state = location.resolve("checkpoint");
      if (Files.isRegularFile(state)) {
        try {
          Matcher m = STATE_FILE.matcher(Files.readString(state));
          if (m.find()) {
            Path p = Path.of(m.group(1));
            return p.isAbsolute() ? p : location.resolve(p);
          }
        } catch (IOException e) {
          throw new ReslabException("cannot read " + state + ": " + IoReason.of(e), e);
        }
      }
      throw new ReslabException(
          location
              + " holds no TensorFlow checkpoint: no 'checkpoint' state file "
              + "and no variables/variables.index; give the checkpoint prefix (the path before .index)");
    }
    String s = location.toString();
    Path prefix =
        Path.of(s.endsWith(".index") ? s.substring(0, s.length() - ".index".length()) : s);
    if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
      throw new ReslabException(
          "no TensorFlow checkpoint at " + location + ": " + prefix + ".index does not exist");
    }
    return prefix;
  }

  /**
   * Variable name → entry: object-graph names for TF2 checkpoints where unique, else the stored
   * keys.
   */
  private Map<String, Entry> variableNames() {
    Map<String, String> nameOfKey = new HashMap<>();
    if (byKey.containsKey(OBJECT_GRAPH)) {
      TrackableObjectGraph graph;
      try {
        graph = TrackableObjectGraph.parseFrom(readString(OBJECT_GRAPH));
      } catch (InvalidProtocolBufferException e) {
        throw new ReslabException(prefix + ": malformed " + OBJECT_GRAPH, e);
      }
      Map<String, Integer> uses = new HashMap<>();
      graph
          .getNodesList()
          .forEach(
              n ->
                  n.getAttributesList().forEach(a -> uses.merge(a.getFullName(), 1, Integer::sum)));
      graph
          .getNodesList()
          .forEach(
              n ->
                  n.getAttributesList()
                      .forEach(
                          a -> {
                            if (!a.getFullName().isEmpty() && uses.get(a.getFullName()) == 1) {
                              nameOfKey.put(a.getCheckpointKey(), a.getFullName());
                            }
                          }));
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Map.Entry<String, BundleEntryProto> e : byKey.entrySet()) {
      if (e.getKey().equals(OBJECT_GRAPH)) {
        continue;
      }
      String name = nameOfKey.getOrDefault(e.getKey(), e.getKey());
      if (name.endsWith(VALUE_SUFFIX)) {
        name = name.substring(0, name.length() - VALUE_SUFFIX.length());
      }
      BundleEntryProto p = e.getValue();
      out.put(name, new Entry(e.getKey(), p.getDtype().name(), dims(p.getShape())));
    }
    return Collections.unmodifiableMap(out);
  }

  private static long[] dims(TensorShapeProto shape) {
    return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
  }

  public Path prefix() {
    return prefix;
  }

  /** Tensors by variable name, in key order. */
  public Map<String, Entry> variables() {
    return variables;
  }

  /** A float tensor by variable name; an unknown name or another dtype is an error. */
  public FloatArray readFloat(String name) {
    Entry e = variables.get(name);
    if (e == null) {
      throw new ReslabException("checkpoint " + prefix + " has no variable '" + name + "'");
    }
    if (!e.dtype().equals(DataType.DT_FLOAT.name())) {
      throw new ReslabException(
          "checkpoint " + prefix + ": variable '" + name + "' is " + e.dtype() + ", not DT_FLOAT");
    }
    BundleEntryProto p = byKey.get(e.key());
    if (p.getSlicesCount() > 0) {
      throw new ReslabException(
          "checkpoint "
              + prefix
              + ": variable '"
              + name
              + "' is stored in slices "
              + "(partitioned); "
              + "not supported");
    }
    long elements;
    try {
      elements = FloatArray.elementCount(e.shape());
    } catch (IllegalArgumentException bad) {
      elements = -1;
    }
    if (elements < 0 || elements != p.getSize() / 4 || p.getSize() % 4 != 0) {
      throw new ReslabException(
          "checkpoint "
              + prefix
              + " is corrupt: variable '"
              + name
              + "' of shape "
              + Arrays.toString(e.shape())
              + " is stored in "
              + p.getSize()
              + " bytes");
    }
    ByteBuffer bytes = bytes(p).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) elements];
    bytes.asFloatBuffer().get(values);
    return new FloatArray(e.shape(), values);
  }

  private ByteBuffer bytes(BundleEntryProto p) {
    Path shard = Path.of(String.format("%s.data-%05d-of-%05d", prefix, p.getShardId(), shards));
    try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ)) {
      if (p.getOffset() < 0
          || p.getSize() < 0
          || p.getSize() > Integer.MAX_VALUE
          || p.getOffset() > ch.size() - p.getSize()) {
        throw new ReslabException(
            shard
                + " is truncated or corrupt: a tensor of "
                + p.getSize()
                + " bytes at offset "
                + p.getOffset()
                + " does not fit in its "
                + ch.size()
                + " bytes");
      }
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(p.getSize()));
      while (b.hasRemaining()) {
        if (ch.read(b, p.getOffset() + b.position()) < 0) {
          break;
        }
      }
      return b.flip();
    } catch (IOException e) {
      throw new ReslabException("cannot read " + shard + ": " + IoReason.of(e), e);
    }
  }

  /** A scalar string tensor: varint length, 4-byte checksum of the lengths, then the bytes. */
  private byte[] readString(String key) {
    ByteBuffer b = bytes(byKey.get(key));
    try {
      long length = SortedTable.varint(b);
      if (length > b.remaining() - 4) {
        throw new SortedTable.Malformed("its length runs past its bytes");
      }
      b.position(b.position() + 4);
      byte[] out = new byte[(int) length];
      b.get(out);
      return out;
    } catch (SortedTable.Malformed | BufferUnderflowException e) {
      throw new ReslabException(
          "checkpoint " + prefix + " is corrupt: its " + key + " string is malformed");
    }
  }
}
