package dev.reslab.interop.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a SavedModel's {@code saved_model.pb} with the protocol buffer classes, without loading any
 * graph.
 */
public final class SavedModelInspector {
  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");

  private SavedModelInspector() {}

  /**
   * A directory without {@code saved_model.pb}, or an unreadable one, is an error naming the
   * directory.
   */
  public static SavedModelInfo inspect(Path dir) {
    Path pb = requireSavedModel(dir);
    SavedModel model;
    try {
      // from the bytes, not a stream: protobuf's stream reader fails with IllegalStateException on
      // some lengths
      model = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (InvalidProtocolBufferException e) {
      throw new ReslabException(
          pb + " is not a SavedModel protocol buffer (truncated or corrupt): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ReslabException("cannot read " + pb + ": " + IoReason.of(e), e);
    }
    if (model.getMetaGraphsCount() == 0) {
      throw new ReslabException(pb + " holds no MetaGraphDef");
    }
    List<MetaGraphInfo> metaGraphs = new ArrayList<>();
    for (MetaGraphDef mg : model.getMetaGraphsList()) {
      metaGraphs.add(metaGraph(pb, mg));
    }
    return new SavedModelInfo(dir, metaGraphs);
  }

  /** {@code dir/saved_model.pb}, or an error saying what the directory holds instead. */
  static Path requireSavedModel(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ReslabException("SavedModel directory " + dir + " does not exist");
    }
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      String hint =
          Files.isRegularFile(dir.resolve("saved_model.pbtxt"))
              ? " (only the text form saved_model.pbtxt, which TF-Java cannot load)"
              : "";
      throw new ReslabException(
          dir
              + " is not a SavedModel: it has no saved_model.pb"
              + hint
              + "; it contains "
              + listing(dir));
    }
    return pb;
  }

  private static String listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
              .sorted()
              .limit(10)
              .toList();
      return names.isEmpty() ? "nothing" : String.join(", ", names);
    } catch (IOException e) {
      return "unreadable entries";
    }
  }

  private static MetaGraphInfo metaGraph(Path pb, MetaGraphDef mg) {
    Map<String, SignatureInfo> signatures = new TreeMap<>();
    mg.getSignatureDefMap().forEach((k, v) -> signatures.put(k, SignatureInfo.of(k, v)));
    List<TensorSpec> variables = new ArrayList<>();
    List<String> functions = new ArrayList<>();
    SavedObjectGraph objects = mg.getObjectGraphDef();
    if (objects.getNodesCount() > 0) {
      // TF2: variables and functions are objects of the object graph.
      for (SavedObject node : objects.getNodesList()) {
        if (node.getKindCase() == SavedObject.KindCase.VARIABLE) {
          SavedVariable v = node.getVariable();
          variables.add(spec(v.getName(), v.getDtype(), v.getShape()));
        }
      }
      for (var child : objects.getNodes(0).getChildrenList()) {
        if (child.getNodeId() < 0 || child.getNodeId() >= objects.getNodesCount()) {
          throw new ReslabException(
              pb
                  + " is corrupt: object "
                  + child.getLocalName()
                  + " refers to node "
                  + child.getNodeId()
                  + " of "
                  + objects.getNodesCount());
        }
        SavedObject node = objects.getNodes(child.getNodeId());
        if (node.getKindCase() == SavedObject.KindCase.FUNCTION) {
          functions.add(child.getLocalName());
        }
      }
    } else {
      // TF1: variables are ops of the graph.
      for (NodeDef node : mg.getGraphDef().getNodeList()) {
        if (VARIABLE_OPS.contains(node.getOp())) {
          AttrValue dtype = node.getAttrMap().get("dtype");
          AttrValue shape = node.getAttrMap().get("shape");
          variables.add(
              spec(
                  node.getName(),
                  dtype == null ? DataType.DT_INVALID : dtype.getType(),
                  shape == null
                      ? TensorShapeProto.newBuilder().setUnknownRank(true).build()
                      : shape.getShape()));
        }
      }
    }
    return new MetaGraphInfo(
        mg.getMetaInfoDef().getTagsList(),
        mg.getMetaInfoDef().getTensorflowVersion(),
        signatures,
        variables,
        functions);
  }

  private static TensorSpec spec(String name, DataType dtype, TensorShapeProto shape) {
    // an enum value this TensorFlow does not know cannot be set on a builder; it is as good as
    // invalid here
    DataType known = dtype == DataType.UNRECOGNIZED ? DataType.DT_INVALID : dtype;
    return TensorSpec.of(
        name, TensorInfo.newBuilder().setName(name).setDtype(known).setTensorShape(shape).build());
  }
}
