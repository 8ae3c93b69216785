package dev.reslab.model.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * What one traced step ran: the graph TensorFlow executed after its rewrites (so whether the
 * bfloat16 rewrite took effect shows as ops computing in bfloat16) and the time spent per op type.
 *
 * @param executedOps ops in the executed graph (after Grappler and oneDNN rewrites)
 * @param bfloat16Ops of those, ops computing in bfloat16 (their {@code T} attribute)
 * @param microsByOpType summed op time per op type over the step, largest first (ops run in
 *     parallel, so the sum can exceed the step's wall time)
 */
public record StepProfile(int executedOps, int bfloat16Ops, Map<String, Long> microsByOpType) {

  /** Runs {@code runner} once with a full trace and reads the executed graph and the op timings. */
  public static StepProfile trace(Session.Runner runner) {
    try (Result r = traced(runner).runAndFetchMetadata()) {
      return of(r);
    }
  }

  /** {@code runner} set to record a full trace; run it with {@code runAndFetchMetadata()}. */
  public static Session.Runner traced(Session.Runner runner) {
    return runner.setOptions(
        RunOptions.newBuilder()
            .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
            .setOutputPartitionGraphs(true)
            .build());
  }

  /** The profile of a result run by a {@link #traced} runner. */
  public static StepProfile of(Result traced) {
    return of(
        traced
            .getMetadata()
            .orElseThrow(() -> new IllegalStateException("TensorFlow returned no run metadata")));
  }

  static StepProfile of(RunMetadata metadata) {
    Map<String, String> typeOf = new HashMap<>();
    int ops = 0;
    int bf16 = 0;
    for (GraphDef g : metadata.getPartitionGraphsList()) {
      for (NodeDef n : g.getNodeList()) {
        ops++;
        typeOf.put(n.getName(), n.getOp());
        AttrValue t = n.getAttrMap().get("T");
        if (t != null && t.getType() == DataType.DT_BFLOAT16) {
          bf16++;
        }
      }
    }
    Map<String, Long> micros = new HashMap<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        String type =
            typeOf.getOrDefault(node.getNodeName(), node.getNodeName().replaceAll(".*/", ""));
        micros.merge(type, node.getAllEndRelMicros(), Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    micros.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new StepProfile(ops, bf16, sorted);
  }

  /** The {@code n} op types that took longest, as "type 12.3 ms (45 %)" lines. */
  public List<String> top(int n) {
    long total = Math.max(1, microsByOpType.values().stream().mapToLong(Long::longValue).sum());
    return microsByOpType.entrySet().stream()
        .limit(n)
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%-34s %9.1f ms  %4.1f %%",
                    e.getKey(),
                    e.getValue() / 1000.0,
                    100.0 * e.getValue() / total))
        .toList();
  }
}
