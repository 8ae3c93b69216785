package dev.reslab.data;

import dev.reslab.data.pipeline.Augmentation;
import dev.reslab.data.pipeline.DecodedExample;
import dev.reslab.data.pipeline.ExampleSource;
import dev.reslab.data.pipeline.RawDataset;
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
 * Internal: builds the shared part of every pipeline: index → limit → shuffle → parallel decode +
 * augmentation + normalisation → batch → prefetch → iterator.
 */
final class PipelineAssembler {
  private static final long SHUFFLE_SEED2 = 0x5EED5EEDL;
  private static final long SUBSET_SEED2 = 0x5B5E7L;

  private PipelineAssembler() {}

  /**
   * Assembles a pipeline over {@code source} described by {@code info} (examples = the whole
   * split).
   */
  static DataPipeline assemble(
      Ops tf, ExampleSource source, DatasetInfo info, PipelineOptions options) {
    if (options.labelFormat() == LabelFormat.CLASS_ID && info.task() == Task.MULTI_LABEL) {
      throw new DataException(
          info.name() + " is multi-label: class-id labels need a multi-class data set");
    }
    Ops scope = tf.withSubScope("data_" + info.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
    Placeholder<TInt64> epochSeed =
        scope.withName("epoch_seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    RawDataset raw = source.open(scope);

    // Attach each element's index: the stateless augmentation seed is (epoch seed, index).
    List<Class<? extends TType>> types = new ArrayList<>(raw.types());
    types.add(TInt64.class);
    List<Shape> shapes = new ArrayList<>(raw.shapes());
    shapes.add(Shape.scalar());
    Operand<? extends TType> range =
        scope.data.rangeDataset(
            scope.constant(0L),
            scope.constant(Long.MAX_VALUE),
            scope.constant(1L),
            List.of(TInt64.class),
            List.of(Shape.scalar()));
    Operand<? extends TType> ds =
        scope.data.zipDataset(List.of(raw.handle(), range), types, shapes);

    long available = raw.size();
    // A source that applied the limit itself (a file list) took its side of the holdout with it.
    if (options.holdout() != null && !raw.limitApplied()) {
      long[] classIds = source.classIds();
      if (classIds == null) {
        throw new DataException(
            info.name()
                + " cannot set part of its training split aside for validation; "
                + "validate on one of its other splits");
      }
      int[] keep = options.holdout().select(classIds, options.holdoutPart());
      boolean[] mask = new boolean[classIds.length];
      for (int i : keep) {
        mask[i] = true;
      }
      available = keep.length;
      try (ConcreteFunction inPart =
          function(
              types,
              shapes,
              (f, in) ->
                  List.of(
                      f.gather(
                          f.constant(mask),
                          (Operand<TInt64>) in.get(in.size() - 1),
                          f.constant(0))))) {
        ds = scope.data.filterDataset(ds, List.of(), inPart, types, shapes);
      }
    }
    long examples = raw.limitApplied() ? raw.size() : options.limit().apply(available);
    if (!options.limit().isAll() && !raw.limitApplied()) {
      if (options.limit().seeded()) {
        // A fixed shuffle of the whole split, then the first N: the same subset every epoch.
        ds =
            scope.data.shuffleDataset(
                ds,
                scope.constant(Math.max(1, available)),
                scope.constant(nonZero(options.limit().seed())),
                scope.constant(SUBSET_SEED2),
                scope.random.dummySeedGenerator(),
                types,
                shapes);
      }
      ds = scope.data.takeDataset(ds, scope.constant(examples), types, shapes);
    }
    if (options.shuffle()) {
      long buffer =
          options.shuffleBuffer() > 0 ? Math.min(options.shuffleBuffer(), examples) : examples;
      ds =
          scope.data.shuffleDataset(
              ds,
              scope.constant(Math.max(1, buffer)),
              epochSeed,
              scope.constant(SHUFFLE_SEED2),
              scope.random.dummySeedGenerator(),
              types,
              shapes);
    }

    Normalization norm =
        options.normalization() != null ? options.normalization() : info.normalization();
    Augmentation augmentation = options.augment() ? source.augmentation() : Augmentation.NONE;
    int k = info.numLabels();
    boolean multiLabel = info.task() == Task.MULTI_LABEL;
    boolean oneHot = options.labelFormat() == LabelFormat.ONE_HOT;
    Shape imageShape = Shape.of(info.height(), info.width(), 3);
    Class<? extends TType> rawLabelType = multiLabel ? TFloat32.class : TInt64.class;
    Shape rawLabelShape = multiLabel ? Shape.of(k) : Shape.scalar();
    List<Class<? extends TType>> decodedTypes = List.of(TFloat32.class, rawLabelType, TInt64.class);
    long parallel = options.effectiveParallelism();

    List<Shape> batchedRaw = new ArrayList<>();
    if (source.decodesBatches()) {
      // Fixed-size records: batch the raw bytes, then decode the whole batch in one function call.
      shapes.forEach(sh -> batchedRaw.add(sh.prepend(-1)));
      ds =
          scope.data.batchDataset(
              ds,
              scope.constant((long) options.batchSize()),
              scope.constant(options.dropRemainder()),
              types,
              batchedRaw);
      try (ConcreteFunction decode =
          function(
              types,
              batchedRaw,
              (f, in) ->
                  decoded(
                      f, source.decode(f, in.subList(0, in.size() - 1)), in.get(in.size() - 1)))) {
        ds =
            scope.data.parallelMapDataset(
                ds,
                List.of(),
                scope.constant(parallel),
                decode,
                decodedTypes,
                List.of(imageShape.prepend(-1), rawLabelShape.prepend(-1), Shape.of(-1)),
                ParallelMapDataset.deterministic("true"),
                ParallelMapDataset.preserveCardinality(true));
      }
    } else {
      // Files: decode one element at a time in parallel, then batch.
      try (ConcreteFunction decode =
          function(
              types,
              shapes,
              (f, in) ->
                  decoded(
                      f, source.decode(f, in.subList(0, in.size() - 1)), in.get(in.size() - 1)))) {
        ds =
            scope.data.parallelMapDataset(
                ds,
                List.of(),
                scope.constant(parallel),
                decode,
                decodedTypes,
                List.of(imageShape, rawLabelShape, Shape.scalar()),
                ParallelMapDataset.deterministic("true"),
                ParallelMapDataset.preserveCardinality(true));
      }
      ds =
          scope.data.batchDataset(
              ds,
              scope.constant((long) options.batchSize()),
              scope.constant(options.dropRemainder()),
              decodedTypes,
              List.of(imageShape.prepend(-1), rawLabelShape.prepend(-1), Shape.of(-1)));
    }

    // Per batch: augmentation, normalisation, label encoding.
    Shape labelShape = oneHot ? Shape.of(-1, k) : Shape.of(-1);
    boolean indexed = options.exampleIndices();
    List<Class<? extends TType>> outTypes =
        indexed
            ? List.of(TFloat32.class, TFloat32.class, TInt64.class)
            : List.of(TFloat32.class, TFloat32.class);
    List<Shape> batchShapes =
        indexed
            ? List.of(imageShape.prepend(-1), labelShape, Shape.of(-1))
            : List.of(imageShape.prepend(-1), labelShape);
    List<Class<? extends TType>> postTypes =
        List.of(TFloat32.class, rawLabelType, TInt64.class, TInt64.class);
    List<Shape> postShapes =
        List.of(imageShape.prepend(-1), rawLabelShape.prepend(-1), Shape.of(-1), Shape.scalar());
    try (ConcreteFunction post =
        function(
            postTypes,
            postShapes,
            (f, in) -> {
              @SuppressWarnings("unchecked")
              Operand<TFloat32> images = (Operand<TFloat32>) in.get(0);
              @SuppressWarnings("unchecked")
              Operand<TInt64> indices = (Operand<TInt64>) in.get(2);
              @SuppressWarnings("unchecked")
              Operand<TInt64> seed = (Operand<TInt64>) in.get(3);
              if (!augmentation.isNone()) {
                Operand<TInt64> first =
                    f.reshape(
                        f.slice(indices, f.constant(new int[] {0}), f.constant(new int[] {1})),
                        f.constant(new int[0]));
                images =
                    augmentation.apply(
                        f, images, f.stack(List.of(seed, first)), info.height(), info.width());
              }
              @SuppressWarnings("unchecked")
              Operand<? extends TNumber> rawLabels = (Operand<? extends TNumber>) in.get(1);
              Operand<?> normalised = f.ensureShape(normalize(f, images, norm), batchShapes.get(0));
              Operand<?> encoded =
                  f.ensureShape(labels(f, rawLabels, info.task(), k, oneHot), labelShape);
              return indexed ? List.of(normalised, encoded, indices) : List.of(normalised, encoded);
            })) {
      ds =
          scope.data.parallelMapDataset(
              ds,
              List.of(epochSeed),
              scope.constant(parallel),
              post,
              outTypes,
              batchShapes,
              ParallelMapDataset.deterministic("true"),
              ParallelMapDataset.preserveCardinality(true));
    }
    if (options.prefetch() > 0) {
      ds =
          scope.data.prefetchDataset(
              ds, scope.constant((long) options.prefetch()), outTypes, batchShapes);
    }
    Iterator iterator = scope.data.iterator("", "", outTypes, batchShapes);
    MakeIterator init = scope.withName("start_epoch").data.makeIterator(ds, iterator);
    IteratorGetNext next =
        scope.withName("next_batch").data.iteratorGetNext(iterator, outTypes, batchShapes);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> images = (Operand<TFloat32>) next.components().get(0);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> labels = (Operand<TFloat32>) next.components().get(1);
    @SuppressWarnings("unchecked")
    Operand<TInt64> indices = indexed ? (Operand<TInt64>) next.components().get(2) : null;
    long perEpoch =
        options.dropRemainder() ? examples / options.batchSize() * options.batchSize() : examples;
    return new DataPipeline(
        images,
        labels,
        indices,
        source::exampleId,
        init,
        epochSeed,
        raw.feeds(),
        options.seed(),
        perEpoch,
        info.withExamples(perEpoch));
  }

  /** Body of a dataset function: inputs in order, outputs in order. */
  private interface Body {
    List<Operand<?>> build(Ops f, List<Operand<?>> inputs);
  }

  private static ConcreteFunction function(
      List<Class<? extends TType>> types, List<Shape> shapes, Body body) {
    return ConcreteFunction.create(
        f -> {
          Signature.Builder sig = Signature.builder();
          List<Operand<?>> inputs = new ArrayList<>();
          for (int i = 0; i < types.size(); i++) {
            Placeholder<?> p =
                f.withName("in" + i).placeholder(types.get(i), Placeholder.shape(shapes.get(i)));
            sig.input("in" + i, p);
            inputs.add(p);
          }
          List<Operand<?>> outputs = body.build(f, inputs);
          for (int i = 0; i < outputs.size(); i++) {
            sig.output("out" + i, outputs.get(i));
          }
          return sig.build();
        });
  }

  /**
   * Decoded image, label as int64 class id or float multi-hot, and the example index passed
   * through.
   */
  private static List<Operand<?>> decoded(Ops f, DecodedExample ex, Operand<?> index) {
    Operand<?> label =
        ex.label().type() == TFloat32.class ? ex.label() : f.dtypes.cast(ex.label(), TInt64.class);
    return List.of(ex.image(), label, f.identity((Operand) index));
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

  private static Operand<TFloat32> labels(
      Ops f, Operand<? extends TNumber> label, Task task, int k, boolean oneHot) {
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
