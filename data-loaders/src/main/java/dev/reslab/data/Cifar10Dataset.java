package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.DecodedExample;
import dev.reslab.data.pipeline.ExampleSource;
import dev.reslab.data.pipeline.ImageTransform;
import dev.reslab.data.pipeline.RawDataset;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.DecodeRaw;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * CIFAR-10 in its official binary form ({@code data_batch_1..5.bin}, {@code test_batch.bin}:
 * records of one label byte and 3,072 pixel bytes, R, G, B planes of 32×32), read inside the graph
 * with FixedLengthRecordDataset. Every file is checked in Java first (present, a whole number of
 * records, labels 0–9), so TensorFlow only sees good data.
 */
public final class Cifar10Dataset implements ImageDataset {
  public static final int RECORD_BYTES = 3073;
  public static final int SIZE = 32;
  public static final List<String> DEFAULT_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  public static final List<String> TEST_FILES = List.of("test_batch.bin");

  private final Path dir;
  private final Split split;
  private final List<Path> files;
  private final long records;
  private final List<String> classes;

  private Cifar10Dataset(
      Path dir, Split split, List<Path> files, long records, List<String> classes) {
    this.dir = dir;
    this.split = split;
    this.files = files;
    this.records = records;
    this.classes = classes;
  }

  /**
   * Opens {@code split} ({@code TRAIN} or {@code TEST}) in {@code dir}: {@code
   * cifar-10-batches-bin} itself or a folder that contains it. Validates every batch file.
   */
  public static Cifar10Dataset open(Path dir, Split split) {
    Path bin =
        Files.isDirectory(dir.resolve("cifar-10-batches-bin"))
            ? dir.resolve("cifar-10-batches-bin")
            : dir;
    if (!Files.isDirectory(bin)) {
      throw new DataException("CIFAR-10 folder " + dir + " does not exist");
    }
    List<String> names =
        switch (split) {
          case TRAIN -> TRAIN_FILES;
          case TEST -> TEST_FILES;
          case VALID -> throw new DataException("CIFAR-10 has no valid split; use train or test");
        };
    List<Path> files = new ArrayList<>();
    long records = 0;
    for (String name : names) {
      Path f = bin.resolve(name);
      records += validate(f);
      files.add(f);
    }
    return new Cifar10Dataset(bin, split, List.copyOf(files), records, readClassNames(bin));
  }

  /** Checks one batch file and returns its number of records. */
  public static long validate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(
          "missing CIFAR-10 batch file "
              + file
              + " (expected records of "
              + RECORD_BYTES
              + " bytes: 1 label byte + 3072 pixel bytes)");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new DataException(
          file
              + " is empty (expected records of "
              + RECORD_BYTES
              + " bytes: 1 label byte + 3072 pixel bytes)");
    }
    if (size % RECORD_BYTES != 0) {
      throw new DataException(
          file
              + ": size "
              + size
              + " bytes is not a whole number of "
              + RECORD_BYTES
              + "-byte CIFAR-10 records ("
              + size / RECORD_BYTES
              + " records and "
              + size % RECORD_BYTES
              + " bytes left over)");
    }
    long n = size / RECORD_BYTES;
    byte[] record = new byte[RECORD_BYTES];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      for (long r = 0; r < n; r++) {
        if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
          throw new DataException(file + ": record " + r + " is cut short");
        }
        int label = record[0] & 0xff;
        if (label > 9) {
          throw new DataException(
              file + ": record " + r + " has label " + label + "; expected 0-9");
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return n;
  }

  private static List<String> readClassNames(Path bin) {
    Path meta = bin.resolve("batches.meta.txt");
    if (!Files.isRegularFile(meta)) {
      return DEFAULT_CLASSES;
    }
    try {
      List<String> names =
          Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .toList();
      if (names.size() != 10) {
        throw new DataException(
            meta + ": expected 10 class names, one per line, found " + names.size());
      }
      return names;
    } catch (IOException e) {
      throw new DataException("cannot read " + meta + ": " + e.getMessage(), e);
    }
  }

  /** The batch files of this split, in reading order. */
  public List<Path> files() {
    return files;
  }

  public Split split() {
    return split;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        "cifar10", Task.MULTI_CLASS, classes, SIZE, SIZE, records, Normalization.CIFAR10);
  }

  @Override
  public ImageTransform evalTransform() {
    return ImageTransform.resize(SIZE, SIZE);
  }

  @Override
  public DataPipeline pipeline(Ops tf, PipelineOptions options) {
    return PipelineAssembler.assemble(tf, new Source(), info(), options);
  }

  private final class Source implements ExampleSource {
    @Override
    public RawDataset open(Ops tf) {
      String[] names =
          files.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
      Operand<?> handle =
          tf.data.fixedLengthRecordDataset(
              tf.constant(NdArrays.vectorOfObjects(names)),
              tf.constant(0L),
              tf.constant((long) RECORD_BYTES),
              tf.constant(0L),
              tf.constant(256L * 1024),
              tf.constant(""));
      @SuppressWarnings({"unchecked", "rawtypes"})
      RawDataset raw =
          new RawDataset(
              (Operand) handle,
              List.of(TString.class),
              List.of(Shape.scalar()),
              records,
              false,
              Map.of());
      return raw;
    }

    /** The batch file and the record within it (from 0), e.g. {@code test_batch.bin record 17}. */
    @Override
    public String exampleId(long index) {
      long first = 0;
      for (Path f : files) {
        long n = fileRecords(f);
        if (index < first + n) {
          return f.getFileName() + " record " + (index - first);
        }
        first += n;
      }
      return "record " + index;
    }

    private final Map<Path, Long> perFile = new HashMap<>();

    private long fileRecords(Path f) {
      return perFile.computeIfAbsent(
          f,
          file -> {
            try {
              return Files.size(file) / RECORD_BYTES;
            } catch (IOException e) {
              throw new DataException("cannot read " + file + ": " + e.getMessage());
            }
          });
    }

    /** The label byte of every record, file after file. */
    @Override
    public long[] classIds() {
      long[] ids = new long[(int) records];
      int i = 0;
      byte[] record = new byte[RECORD_BYTES];
      for (Path f : files) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
          while (i < ids.length && in.readNBytes(record, 0, RECORD_BYTES) == RECORD_BYTES) {
            ids[i++] = record[0] & 0xff;
          }
        } catch (IOException e) {
          throw new DataException("cannot read " + f + ": " + e.getMessage());
        }
      }
      return ids;
    }

    /**
     * A batch of records [N] → decodeRaw [N, 3073] → labels [N], images R,G,B planes → [N, 32, 32,
     * 3].
     */
    @Override
    public DecodedExample decode(Ops tf, List<Operand<?>> c) {
      @SuppressWarnings("unchecked")
      Operand<TString> records = (Operand<TString>) c.get(0);
      Operand<TUint8> bytes = tf.io.decodeRaw(records, TUint8.class, DecodeRaw.littleEndian(true));
      Operand<TInt64> labels =
          tf.dtypes.cast(
              tf.reshape(
                  tf.slice(bytes, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1})),
                  tf.constant(new int[] {-1})),
              TInt64.class);
      Operand<TUint8> planes =
          tf.reshape(
              tf.slice(bytes, tf.constant(new int[] {0, 1}), tf.constant(new int[] {-1, 3072})),
              tf.constant(new int[] {-1, 3, SIZE, SIZE}));
      Operand<TFloat32> images =
          tf.dtypes.cast(
              tf.linalg.transpose(planes, tf.constant(new int[] {0, 2, 3, 1})), TFloat32.class);
      return new DecodedExample(images, labels);
    }

    @Override
    public boolean decodesBatches() {
      return true;
    }

    @Override
    public Augmentation augmentation() {
      return Augmentation.CROP_AND_FLIP;
    }
  }

  @Override
  public String toString() {
    return "cifar10 " + split.label() + " (" + records + " images in " + dir + ")";
  }
}
