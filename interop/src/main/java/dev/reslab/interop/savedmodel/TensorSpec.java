package dev.reslab.interop.savedmodel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * One input or output of a signature.
 *
 * @param key the signature's name for it, e.g. {@code conv2d_input}
 * @param name the graph tensor, e.g. {@code serving_default_conv2d_input:0}
 * @param dtype TensorFlow's enum name, e.g. {@code DT_FLOAT}
 * @param shape dimension sizes with -1 for unknown ones; {@code null} when even the rank is unknown
 */
public record TensorSpec(String key, String name, String dtype, long[] shape) {

  static TensorSpec of(String key, TensorInfo info) {
    TensorShapeProto s = info.getTensorShape();
    long[] shape =
        s.getUnknownRank()
            ? null
            : s.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    String name = info.hasCooSparse() ? info.getCooSparse().getValuesTensorName() : info.getName();
    DataType dtype = info.getDtype();
    return new TensorSpec(
        key, name, dtype == DataType.UNRECOGNIZED ? "DT_UNKNOWN" : dtype.name(), shape);
  }

  @Override
  public long[] shape() {
    return shape == null ? null : shape.clone();
  }

  public boolean rankKnown() {
    return shape != null;
  }

  @JsonIgnore
  public boolean isFloat() {
    return dtype.equals("DT_FLOAT");
  }

  /**
   * As {@code saved_model_cli} prints it: {@code (-1, 32, 32, 3)}, {@code ()} or {@code
   * unknown_rank}.
   */
  public String shapeText() {
    if (shape == null) {
      return "unknown_rank";
    }
    if (shape.length == 1) {
      return "(" + shape[0] + ")";
    }
    String dims = Arrays.toString(shape);
    return "(" + dims.substring(1, dims.length() - 1) + ")";
  }

  /** Short form for messages: {@code conv2d_input float [-1,32,32,3]}. */
  public String describe() {
    String type = dtype.startsWith("DT_") ? dtype.substring(3).toLowerCase(Locale.ROOT) : dtype;
    return key
        + " "
        + type
        + " "
        + (shape == null ? "[unknown rank]" : Arrays.toString(shape).replace(" ", ""));
  }
}
