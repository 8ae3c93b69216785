package dev.reslab.data.pipeline;

import dev.reslab.data.PipelineOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Image files (JPEG, PNG, BMP, GIF) with their labels: read and decoded inside tf.data (grayscale
 * becomes RGB), then {@link ImageTransform}. The file list is fed when an epoch starts; the limit
 * is already applied by the data set.
 */
public final class FileListSource implements ExampleSource {
  private final String[] paths;
  private final long[] classIds;
  private final float[] multiHot;
  private final int numLabels;
  private final ImageTransform transform;
  private final Augmentation augmentation;

  private FileListSource(
      List<String> paths,
      long[] classIds,
      float[] multiHot,
      int numLabels,
      ImageTransform transform,
      Augmentation augmentation) {
    this.paths = paths.toArray(String[]::new);
    this.classIds = classIds;
    this.multiHot = multiHot;
    this.numLabels = numLabels;
    this.transform = transform;
    this.augmentation = augmentation;
  }

  /** Files with one class id each. */
  public static FileListSource classified(
      List<String> paths, long[] classIds, ImageTransform transform, Augmentation augmentation) {
    return new FileListSource(paths, classIds, null, 0, transform, augmentation);
  }

  /**
   * The files and class ids a pipeline with {@code options} reads (image folders, ImageNet-V2): its
   * side of the holdout, then the limit ({@link PipelineOptions#chooseExamples}).
   */
  public static FileListSource classified(
      List<Path> files,
      long[] classIds,
      PipelineOptions options,
      ImageTransform transform,
      Augmentation augmentation) {
    int[] keep = options.chooseExamples(files.size(), classIds);
    List<String> paths = new ArrayList<>(keep.length);
    long[] ids = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      paths.add(files.get(keep[i]).toAbsolutePath().toString());
      ids[i] = classIds[keep[i]];
    }
    return classified(paths, ids, transform, augmentation);
  }

  /** Files with a multi-hot row of {@code numLabels} each ({@code multiHot} row-major). */
  public static FileListSource multiLabel(
      List<String> paths,
      float[] multiHot,
      int numLabels,
      ImageTransform transform,
      Augmentation augmentation) {
    return new FileListSource(paths, null, multiHot, numLabels, transform, augmentation);
  }

  /**
   * The file's folder and name, e.g. {@code cat/0012.jpg} or {@code img_align_celeba/000123.jpg}.
   */
  @Override
  public String exampleId(long index) {
    Path file = Path.of(paths[(int) index]);
    Path folder = file.getParent() == null ? null : file.getParent().getFileName();
    return folder == null ? file.getFileName().toString() : folder + "/" + file.getFileName();
  }

  @Override
  public RawDataset open(Ops tf) {
    int n = paths.length;
    Placeholder<TString> files =
        tf.withName("files").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
    if (multiHot != null) {
      Placeholder<TFloat32> labels =
          tf.withName("labels")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, numLabels)));
      Operand<?> handle =
          tf.data.tensorSliceDataset(
              List.of(files, labels), List.of(Shape.scalar(), Shape.of(numLabels)));
      return new RawDataset(
          cast(handle),
          List.of(TString.class, TFloat32.class),
          List.of(Shape.scalar(), Shape.of(numLabels)),
          n,
          true,
          Map.of(
              files,
              () -> TString.tensorOf(NdArrays.vectorOfObjects(paths)),
              labels,
              () ->
                  TFloat32.tensorOf(
                      Shape.of(n, numLabels), DataBuffers.of(multiHot, true, false))));
    }
    Placeholder<TInt64> labels =
        tf.withName("labels").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
    Operand<?> handle =
        tf.data.tensorSliceDataset(List.of(files, labels), List.of(Shape.scalar(), Shape.scalar()));
    return new RawDataset(
        cast(handle),
        List.of(TString.class, TInt64.class),
        List.of(Shape.scalar(), Shape.scalar()),
        n,
        true,
        Map.of(
            files,
            () -> TString.tensorOf(NdArrays.vectorOfObjects(paths)),
            labels,
            () -> TInt64.tensorOf(Shape.of(n), DataBuffers.of(classIds, true, false))));
  }

  @Override
  public DecodedExample decode(Ops tf, List<Operand<?>> c) {
    @SuppressWarnings("unchecked")
    Operand<TString> file = (Operand<TString>) c.get(0);
    Operand<TUint8> pixels =
        tf.image.decodeImage(
            tf.io.readFile(file),
            new DecodeImage.Options[] {
              DecodeImage.channels(3L), DecodeImage.expandAnimations(false)
            });
    Operand<TFloat32> image = transform.apply(tf, tf.dtypes.cast(pixels, TFloat32.class));
    return new DecodedExample(image, (Operand) c.get(1));
  }

  @Override
  public Augmentation augmentation() {
    return augmentation;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Operand<? extends TType> cast(Operand<?> o) {
    return (Operand) o;
  }
}
