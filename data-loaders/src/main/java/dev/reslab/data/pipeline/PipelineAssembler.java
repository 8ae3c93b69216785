package dev.reslab.data.pipeline;

import dev.reslab.data.DataException;
import dev.reslab.data.DataPipeline;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.LabelFormat;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Task;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.data.MakeIterator;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Builds the shared part of every pipeline: index → limit → shuffle → parallel decode + augmentation +
 * normalisation → batch → prefetch → iterator.
 */
public final class PipelineAssembler {
  private static final long SHUFFLE_SEED2 = 0x5EED5EEDL;
  private static final long SUBSET_SEED2 = 0x5B5E7L;

  private PipelineAssembler() {
  }

  /** Assembles a pipeline over {@code source} described by {@code info} (examples = the whole split). */
  public static DataPipeline assemble(Ops tf, ExampleSource source, DatasetInfo info, PipelineOptions options) {
    if (options.labelFormat() == LabelFormat.CLASS_ID && info.task() == Task.MULTI_LABEL) {
      throw new DataException(info.name() + " is multi-label: class-id labels need a multi-class data set");
    }
    Ops scope = tf.withSubScope("data_" + info.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
    Placeholder<TInt64> epochSeed = scope.withName("epoch_seed").placeholder(TInt64.class,
        Placeholder.shape(Shape.scalar()));
    RawDataset raw = source.open(scope);

    // Attach each element's index: the stateless augmentation seed is (epoch seed, index).
    List<Class<? extends TType>> types = new ArrayList<>(raw.types());
    types.add(TInt64.class);
    List<Shape> shapes = new ArrayList<>(raw.shapes());
    shapes.add(Shape.scalar());
    Operand<? extends TType> range = scope.data.rangeDataset(scope.constant(0L), scope.constant(Long.MAX_VALUE),
        scope.constant(1L), List.of(TInt64.class), List.of(Shape.scalar()));
    Operand<? extends TType> ds = scope.data.zipDataset(List.of(raw.handle(), range), types, shapes);

    long examples = raw.limitApplied() ? raw.size() : options.limit().apply(raw.size());
    if (!options.limit().isAll() && !raw.limitApplied()) {
      if (options.limit().seeded()) {
        // A fixed shuffle of the whole split, then the first N: the same subset every epoch.
        ds = scope.data.shuffleDataset(ds, scope.constant(Math.max(1, raw.size())),
            scope.constant(nonZero(options.limit().seed())), scope.constant(SUBSET_SEED2),
            scope.random.dummySeedGenerator(), types, shapes);
      }
      ds = scope.data.takeDataset(ds, scope.constant(examples), types, shapes);
    }
    if (options.shuffle()) {
      long buffer = options.shuffleBuffer() > 0 ? Math.min(options.shuffleBuffer(), examples) : examples;
      ds = scope.data.shuffleDataset(ds, scope.constant(Math.max(1, buffer)), epochSeed,
          scope.constant(SHUFFLE_SEED2), scope.random.dummySeedGenerator(), types, shapes);
    }

    Normalization norm = options.normalization() != null ? options.normalization() : info.normalization();
    Augmentation augmentation = options.augment() ? source.augmentation() : Augmentation.NONE;
    int k = info.numLabels();
    boolean oneHot = options.labelFormat() == LabelFormat.ONE_HOT;
    Shape labelShape = oneHot ? Shape.of(k) : Shape.scalar();
    List<Class<? extends TType>> outTypes = List.of(TFloat32.class, TFloat32.class);
    List<Shape> outShapes = List.of(Shape.of(info.height(), info.width(), 3), labelShape);

    try (ConcreteFunction decode = ConcreteFunction.create(f -> {
      Signature.Builder sig = Signature.builder();
      List<Operand<?>> components = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        Placeholder<?> p = f.withName("in" + i).placeholder(types.get(i), Placeholder.shape(shapes.get(i)));
        sig.input("in" + i, p);
        components.add(p);
      }
      Placeholder<TInt64> seed = f.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      sig.input("seed", seed);
      DecodedExample ex = source.decode(f, components.subList(0, raw.types().size()));
      Operand<TFloat32> image = ex.image();
      if (!augmentation.isNone()) {
        @SuppressWarnings("unchecked")
        Operand<TInt64> index = (Operand<TInt64>) components.get(components.size() - 1);
        Operand<TInt64> pair = f.stack(List.of(seed, index));
        image = augmentation.apply(f, image, pair, info.height(), info.width());
      }
      image = normalize(f, image, norm);
      Operand<TFloat32> label = labels(f, ex.label(), info.task(), k, oneHot);
      sig.output("image", f.ensureShape(image, outShapes.get(0)));
      sig.output("label", f.ensureShape(label, labelShape));
      return sig.build();
    })) {
      ds = scope.data.parallelMapDataset(ds, List.of(epochSeed),
          scope.constant((long) options.effectiveParallelism()), decode, outTypes, outShapes,
          ParallelMapDataset.deterministic("true"), ParallelMapDataset.preserveCardinality(true));
    }
    List<Shape> batchShapes = List.of(outShapes.get(0).prepend(-1), labelShape.prepend(-1));
    ds = scope.data.batchDataset(ds, scope.constant((long) options.batchSize()),
        scope.constant(options.dropRemainder()), outTypes, batchShapes);
    if (options.prefetch() > 0) {
      ds = scope.data.prefetchDataset(ds, scope.constant((long) options.prefetch()), outTypes, batchShapes);
    }
    Iterator iterator = scope.data.iterator("", "", outTypes, batchShapes);
    MakeIterator init = scope.withName("start_epoch").data.makeIterator(ds, iterator);
    IteratorGetNext next = scope.withName("next_batch").data.iteratorGetNext(iterator, outTypes, batchShapes);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> images = (Operand<TFloat32>) next.components().get(0);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> labels = (Operand<TFloat32>) next.components().get(1);
    long perEpoch = options.dropRemainder() ? examples / options.batchSize() * options.batchSize() : examples;
    return new DataPipeline(images, labels, init, epochSeed, raw.feeds(), options.seed(), perEpoch,
        info.withExamples(perEpoch));
  }

  private static Operand<TFloat32> normalize(Ops f, Operand<TFloat32> image, Normalization norm) {
    float[] mean = norm.mean();
    float[] std = norm.std();
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
    return f.math.add(f.math.mul(image, f.constant(scale)), f.constant(shift));
  }

  private static Operand<TFloat32> labels(Ops f, Operand<? extends TNumber> label, Task task, int k,
      boolean oneHot) {
    if (task == Task.MULTI_LABEL) {
      return f.dtypes.cast(label, TFloat32.class);
    }
    Operand<TInt32> id = f.dtypes.cast(label, TInt32.class);
    if (!oneHot) {
      return f.dtypes.cast(id, TFloat32.class);
    }
    return f.oneHot(id, f.constant(k), f.constant(1f), f.constant(0f));
  }

  private static long nonZero(long seed) {
    return DataPipeline.epochSeed(seed, -7);
  }
}
