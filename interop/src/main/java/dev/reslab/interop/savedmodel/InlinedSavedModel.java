package dev.reslab.interop.savedmodel;

import dev.reslab.ReslabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A SavedModel (TF1 or TF2/Keras) with its signature's function calls <b>inlined</b> into one plain
 * graph, so every op of the model is a graph node: its intermediate outputs can be fetched
 * (activations), and gradients flow through them (Grad-CAM), which they do not through a function
 * call op ("No gradient defined for op …" inside the call). The variables are restored with the
 * SavedModel's own restore function.
 *
 * <p>A {@code float32} placeholder {@link #pixels()} [N, H, W, 3] takes pixels in [0, 1]; the graph
 * turns them into what the signature's input expects ({@code (x · 255 · scale − mean) / std},
 * {@link Preprocessing}) before the model's own ops. {@link #layers()} are the model's rank-4 float
 * outputs by layer name, taken from its op names: for a Keras model {@code
 * functional_1/block1_out_1/Relu} is the output of layer {@code block1_out} (the model's own scope
 * and Keras' {@code _1} call suffixes dropped); a layer's output is its last op with a rank-4
 * output.
 */
public final class InlinedSavedModel implements AutoCloseable {
  private static final String PIXELS = "reslab_pixels";
  private static final String PROBABILITIES = "probabilities";
  private static final String FEATURES = "features";
  private static final Pattern CALL_SUFFIX = Pattern.compile("_\\d+$");
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> pixels;
  private final Output<TFloat32> output;
  private final Map<String, Output<TFloat32>> layers;
  private final Shape inputShape;

  private InlinedSavedModel(
      Graph graph,
      Session session,
      Placeholder<TFloat32> pixels,
      Output<TFloat32> output,
      Map<String, Output<TFloat32>> layers,
      Shape inputShape) {
    this.inputShape = inputShape;
    this.graph = graph;
    this.session = session;
    this.pixels = pixels;
    this.output = output;
    this.layers = layers;
  }

  /**
   * Loads {@code signature} of the SavedModel in {@code dir} (its single input, and its single
   * output or its {@code probabilities}) with the preprocessing its input needs.
   */
  @SuppressWarnings("unchecked")
  public static InlinedSavedModel load(Path dir, String signature, Preprocessing preprocessing) {
    SavedModelInfo info = SavedModelInspector.inspect(dir);
    MetaGraphDef metaGraph;
    try (SavedModelBundle bundle =
        SavedModelBundle.load(dir.toString(), info.serving().tags().toArray(String[]::new))) {
      metaGraph = bundle.metaGraphDef();
    } catch (TensorFlowException e) {
      throw new ReslabException(
          "TensorFlow cannot load the SavedModel in "
              + dir
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    SignatureDef sig = metaGraph.getSignatureDefMap().get(signature);
    // several outputs: the probabilities where there is one (reslab's export: logits and
    // probabilities), as predict reads them
    if (sig == null
        || sig.getInputsCount() != 1
        || (sig.getOutputsCount() != 1 && !sig.containsOutputs(PROBABILITIES))) {
      throw new ReslabException(
          "SavedModel "
              + dir
              + " has no signature '"
              + signature
              + "' with one "
              + "input and one output; its signatures are "
              + String.join(", ", metaGraph.getSignatureDefMap().keySet()));
    }
    String input = tensorName(sig.getInputsMap().values().iterator().next().getName());
    String outputName =
        tensorName(
            (sig.getOutputsCount() == 1
                    ? sig.getOutputsMap().values().iterator().next()
                    : sig.getOutputsOrThrow(PROBABILITIES))
                .getName());
    Inliner inliner = new Inliner(metaGraph.getGraphDef(), tensorNodeName(input));
    GraphDef.Builder def = metaGraph.getGraphDef().toBuilder();
    // A graph without function calls (TF1) reads the input directly: it reads the preprocessed
    // pixels instead.
    for (NodeDef.Builder n : def.getNodeBuilderList()) {
      for (int i = 0; i < n.getInputCount(); i++) {
        if (n.getInput(i).equals(tensorNodeName(input)) || n.getInput(i).equals(input)) {
          n.setInput(i, PIXELS + "/input");
        }
      }
    }
    def.addAllNode(inliner.preprocessing(preprocessing));
    String inlinedOutput = inliner.resolveOuter(outputName);
    def.addAllNode(inliner.nodes);
    Graph graph = new Graph();
    Session session = null;
    try {
      graph.importGraphDef(def.build());
      session = new Session(graph);
      restore(session, metaGraph.getSaverDef(), dir);
      Map<String, Output<TFloat32>> layers = new LinkedHashMap<>();
      inliner
          .layerOutputs()
          .forEach(
              (layer, node) -> {
                Output<?> out = graph.operation(node).output(0);
                if (out.dataType() == DataType.DT_FLOAT && out.shape().numDimensions() == 4) {
                  layers.put(layer, (Output<TFloat32>) out);
                }
              });
      // reslab's export names its stage outputs in a signature of their own (a graph without
      // function calls has no layers to find otherwise)
      SignatureDef features = metaGraph.getSignatureDefMap().get(FEATURES);
      if (layers.isEmpty() && features != null) {
        new TreeMap<>(features.getOutputsMap())
            .forEach(
                (layer, tensor) ->
                    layers.put(
                        layer, (Output<TFloat32>) output(graph, tensorName(tensor.getName()))));
      }
      return new InlinedSavedModel(
          graph,
          session,
          new Placeholder<>(graph.operation(PIXELS)),
          (Output<TFloat32>) output(graph, inlinedOutput),
          layers,
          shape(sig.getInputsMap().values().iterator().next().getTensorShape()));
    } catch (RuntimeException e) {
      // The session first: Graph.close() waits, forever, for every session on it to close.
      if (session != null) {
        session.close();
      }
      graph.close();
      throw e;
    }
  }

  private static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.unknown();
    }
    return Shape.of(proto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }

  private static Output<?> output(Graph graph, String tensor) {
    int colon = tensor.lastIndexOf(':');
    return graph
        .operation(tensor.substring(0, colon))
        .output(Integer.parseInt(tensor.substring(colon + 1)));
  }

  private static void restore(Session session, SaverDef saver, Path dir) {
    if (saver.getRestoreOpName().isEmpty()) {
      return; // no variables
    }
    try (TString prefix =
            TString.scalarOf(dir.resolve("variables").resolve("variables").toString());
        Result ignored =
            session
                .runner()
                .feed(saver.getFilenameTensorName(), prefix)
                .addTarget(saver.getRestoreOpName())
                .run()) {
      // restored
    }
  }

  /** "name" → "name:0". */
  private static String tensorName(String name) {
    return name.contains(":") ? name : name + ":0";
  }

  private static String tensorNodeName(String tensor) {
    return tensor.substring(0, tensor.lastIndexOf(':'));
  }

  public Graph graph() {
    return graph;
  }

  public Session session() {
    return session;
  }

  /** Pixels in [0, 1], [N, H, W, 3]. */
  public Placeholder<TFloat32> pixels() {
    return pixels;
  }

  /** The shape of the signature's input (-1: any size), e.g. [-1, 32, 32, 3]. */
  public Shape inputShape() {
    return inputShape;
  }

  /** The signature's output. */
  public Output<TFloat32> output() {
    return output;
  }

  /**
   * The scores before the model's own softmax or sigmoid, when it ends in one (the op {@code
   * Softmax} or {@code Sigmoid}, seen through {@code Identity} ops), else its output as it is.
   */
  @SuppressWarnings("unchecked")
  public Output<TFloat32> preActivation() {
    Output<?> t = output;
    while (t.op() instanceof GraphOperation op && op.type().equals("Identity")) {
      t = op.input(0);
    }
    if (t.op() instanceof GraphOperation op
        && (op.type().equals("Softmax") || op.type().equals("Sigmoid"))) {
      return (Output<TFloat32>) op.input(0);
    }
    return output;
  }

  /**
   * The op type that ends the model ({@code Softmax}, {@code Sigmoid}, …), seen through {@code
   * Identity} ops.
   */
  public String finalOp() {
    Output<?> t = output;
    while (t.op() instanceof GraphOperation op && op.type().equals("Identity")) {
      t = op.input(0);
    }
    return t.op().type();
  }

  /** The model's rank-4 float outputs by layer name, in graph order. */
  public Map<String, Output<TFloat32>> layers() {
    return layers;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  /** Copies function bodies into graph nodes, one call at a time. */
  private static final class Inliner {
    private final Map<String, FunctionDef> functions = new HashMap<>();
    private final Map<String, NodeDef> outerNodes = new HashMap<>();
    private final Map<String, OpDef> opDefs = new HashMap<>();
    private final String input;
    private final List<NodeDef> nodes = new ArrayList<>();

    /** Layer name → its last inlined node with a 4-D output, in order of inlining. */
    private final Map<String, String> layerNodes = new LinkedHashMap<>();

    private final Map<String, List<String>> inlinedCalls = new HashMap<>();
    private int calls;

    Inliner(GraphDef graph, String input) {
      this.input = input;
      graph
          .getLibrary()
          .getFunctionList()
          .forEach(f -> functions.put(f.getSignature().getName(), f));
      graph.getNodeList().forEach(n -> outerNodes.put(n.getName(), n));
      TensorFlow.registeredOpList().getOpList().forEach(op -> opDefs.put(op.getName(), op));
    }

    /** The placeholder for [0, 1] pixels and the ops that make the signature's input from them. */
    List<NodeDef> preprocessing(Preprocessing p) {
      float[] multiply = new float[3];
      float[] add = new float[3];
      for (int c = 0; c < 3; c++) {
        float mean = p.mean().length == 0 ? 0f : p.mean()[p.mean().length == 1 ? 0 : c];
        float std = p.std().length == 0 ? 1f : p.std()[p.std().length == 1 ? 0 : c];
        multiply[c] = 255f * p.scale() / std;
        add[c] = -mean / std;
      }
      AttrValue floatType = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (int d : new int[] {-1, -1, -1, 3}) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
      return List.of(
          NodeDef.newBuilder()
              .setName(PIXELS)
              .setOp("Placeholder")
              .putAttr("dtype", floatType)
              .putAttr("shape", AttrValue.newBuilder().setShape(shape).build())
              .build(),
          constant(PIXELS + "/multiply", multiply),
          constant(PIXELS + "/add", add),
          NodeDef.newBuilder()
              .setName(PIXELS + "/scaled")
              .setOp("Mul")
              .addInput(PIXELS)
              .addInput(PIXELS + "/multiply")
              .putAttr("T", floatType)
              .build(),
          NodeDef.newBuilder()
              .setName(PIXELS + "/input")
              .setOp("AddV2")
              .addInput(PIXELS + "/scaled")
              .addInput(PIXELS + "/add")
              .putAttr("T", floatType)
              .build());
    }

    private static NodeDef constant(String name, float[] values) {
      TensorProto.Builder t =
          TensorProto.newBuilder()
              .setDtype(DataType.DT_FLOAT)
              .setTensorShape(
                  TensorShapeProto.newBuilder()
                      .addDim(TensorShapeProto.Dim.newBuilder().setSize(3)));
      for (float v : values) {
        t.addFloatVal(v);
      }
      return NodeDef.newBuilder()
          .setName(name)
          .setOp("Const")
          .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(t).build())
          .build();
    }

    /**
     * A tensor of the outer graph ("node:i"), with the signature's call inlined and its input
     * replaced.
     */
    String resolveOuter(String tensor) {
      String node = tensorNodeName(tensor);
      int index = Integer.parseInt(tensor.substring(tensor.lastIndexOf(':') + 1));
      if (node.equals(input)) {
        return PIXELS + "/input:0";
      }
      NodeDef def = outerNodes.get(node);
      if (def != null && isCall(def)) {
        List<String> args = new ArrayList<>();
        for (String in : def.getInputList()) {
          if (!in.startsWith("^")) {
            args.add(resolveOuter(tensorName(in)));
          }
        }
        return inlined("outer/" + node, () -> inline(def, "inlined_" + node + "/", args))
            .get(index);
      }
      return tensor;
    }

    /**
     * A call's outputs, inlining it the first time (not computeIfAbsent: inlining inlines nested
     * calls).
     */
    private List<String> inlined(String key, Supplier<List<String>> inline) {
      List<String> outputs = inlinedCalls.get(key);
      if (outputs == null) {
        outputs = inline.get();
        inlinedCalls.put(key, outputs);
      }
      return outputs;
    }

    private static boolean isCall(NodeDef n) {
      return (n.getOp().equals("StatefulPartitionedCall") || n.getOp().equals("PartitionedCall"))
          && n.getAttrMap().containsKey("f");
    }

    /**
     * Inlines the function {@code call} calls with {@code args}; returns its outputs as graph
     * tensors.
     */
    private List<String> inline(NodeDef call, String prefix, List<String> args) {
      String name = call.getAttrMap().get("f").getFunc().getName();
      FunctionDef f = functions.get(name);
      if (f == null) {
        throw new ReslabException(
            "the SavedModel calls function " + name + ", which it does not hold");
      }
      if (++calls > 10_000) {
        throw new ReslabException(
            "the SavedModel's functions call each other too deeply to inline");
      }
      Map<String, String> argTensors = new HashMap<>();
      for (int i = 0; i < f.getSignature().getInputArgCount(); i++) {
        argTensors.put(f.getSignature().getInputArg(i).getName(), args.get(i));
      }
      Map<String, NodeDef> body = new HashMap<>();
      f.getNodeDefList().forEach(n -> body.put(n.getName(), n));
      Scope scope = new Scope(prefix, argTensors, body);
      for (NodeDef n : f.getNodeDefList()) {
        if (!isCall(n)) {
          NodeDef.Builder copy =
              n.toBuilder().setName(prefix + n.getName()).clearInput().clearDevice();
          for (String in : n.getInputList()) {
            if (!in.startsWith("^")) {
              copy.addInput(scope.resolve(in));
            } else if (scope.body.containsKey(in.substring(1))
                && isCall(scope.body.get(in.substring(1)))) {
              scope.call(in.substring(1)); // inlined: its ops run when their outputs are needed
            } else {
              copy.addInput("^" + scope.prefix + in.substring(1));
            }
          }
          nodes.add(copy.build());
          noteLayer(n);
        }
      }
      List<String> outputs = new ArrayList<>();
      for (OpDef.ArgDef out : f.getSignature().getOutputArgList()) {
        outputs.add(scope.resolve(f.getRetMap().get(out.getName())));
      }
      return outputs;
    }

    /**
     * Remembers the node as its layer's latest op (the order of a function body is its data flow
     * order).
     */
    private void noteLayer(NodeDef n) {
      String op = n.getOp();
      if (op.equals("Const")
          || op.equals("ReadVariableOp")
          || op.equals("Identity")
          || op.equals("NoOp")
          || op.equals("Shape")) {
        return;
      }
      String[] parts = n.getName().split("/");
      int first =
          parts.length > 2 ? 1 : 0; // drop the model's own scope (functional_1/…) when there is one
      String layer =
          CALL_SUFFIX.matcher(parts.length == 1 ? parts[0] : parts[first]).replaceAll("");
      layerNodes.put(layer, nodes.get(nodes.size() - 1).getName());
    }

    Map<String, String> layerOutputs() {
      return layerNodes;
    }

    /** The names visible inside one inlined function body. */
    private final class Scope {
      final String prefix;
      final Map<String, String> args;
      final Map<String, NodeDef> body;

      Scope(String prefix, Map<String, String> args, Map<String, NodeDef> body) {
        this.prefix = prefix;
        this.args = args;
        this.body = body;
      }

      /**
       * A function-body tensor reference ("arg", "node:out_arg:i") as a graph tensor
       * ("prefix/node:k").
       */
      String resolve(String ref) {
        String[] parts = ref.split(":");
        if (parts.length == 1) {
          String arg = args.get(ref);
          if (arg == null) {
            throw new ReslabException("function input " + ref + " is unknown");
          }
          return arg;
        }
        NodeDef n = body.get(parts[0]);
        if (n == null) {
          throw new ReslabException("function node " + parts[0] + " is unknown");
        }
        int index = flatIndex(n, parts[1], Integer.parseInt(parts[2]));
        if (isCall(n)) {
          return call(parts[0]).get(index);
        }
        return prefix + parts[0] + ":" + index;
      }

      List<String> call(String node) {
        NodeDef n = body.get(node);
        return inlined(
            prefix + node,
            () -> {
              List<String> callArgs = new ArrayList<>();
              for (String in : n.getInputList()) {
                if (!in.startsWith("^")) {
                  callArgs.add(resolve(in));
                }
              }
              return inline(n, prefix + node + "/", callArgs);
            });
      }

      /** The position among all of a node's outputs of output {@code arg}'s {@code i}-th tensor. */
      private int flatIndex(NodeDef n, String arg, int i) {
        if (isCall(n)) {
          return i; // a call's outputs are one list argument
        }
        OpDef op = opDefs.get(n.getOp());
        if (op == null) {
          throw new ReslabException(
              "the SavedModel uses op "
                  + n.getOp()
                  + ", which this TensorFlow "
                  + TensorFlow.version()
                  + " does not know");
        }
        int index = 0;
        for (OpDef.ArgDef a : op.getOutputArgList()) {
          if (a.getName().equals(arg)) {
            return index + i;
          }
          if (!a.getNumberAttr().isEmpty()) {
            index += (int) n.getAttrMap().get(a.getNumberAttr()).getI();
          } else if (!a.getTypeListAttr().isEmpty()) {
            index += n.getAttrMap().get(a.getTypeListAttr()).getList().getTypeCount();
          } else {
            index++;
          }
        }
        throw new ReslabException("op " + n.getOp() + " has no output " + arg);
      }
    }
  }
}
