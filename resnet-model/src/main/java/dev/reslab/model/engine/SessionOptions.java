package dev.reslab.model.engine;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a model's session runs: the precision in effect on this machine and the thread count, as a
 * TensorFlow {@link ConfigProto}.
 *
 * <p>bfloat16 is TensorFlow's {@code auto_mixed_precision_onednn_bfloat16} graph rewrite: Grappler
 * casts the convolutions, matrix products and their gradients (and the element-wise ops between
 * them that are safe in bfloat16) to bfloat16 and keeps variables, optimizer updates, BatchNorm
 * statistics, the loss and softmax/sigmoid in float32. It needs oneDNN and a CPU with AMX-BF16
 * (AVX512_BF16 alone was slower than float32); without them the options fall back to float32 and
 * {@link #fallback()} says why.
 */
public final class SessionOptions {
  private final Precision requested;
  private final Precision precision;
  private final int threads;
  private final String fallback;

  /**
   * Below this many channels a bfloat16 convolution loses to float32 on our CPUs: oneDNN no longer
   * fuses the narrow bfloat16 BatchNorm, and ResNet-18 at width 0.125 (8-channel stem) trains 2-6×
   * slower in bf16 (issue 14's measurements). Such models run float32 instead. The system property
   * {@code reslab.bf16.minChannels} moves the limit (0 turns it off) to measure another machine.
   */
  static final int MIN_BF16_CHANNELS = Integer.getInteger("reslab.bf16.minChannels", 16);

  private SessionOptions(
      Precision requested, int threads, CpuFeatures cpu, boolean onednn, int narrowestChannels) {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "threads must be 0 (TensorFlow's default) or more, got " + threads);
    }
    this.requested = requested;
    this.threads = threads;
    String why = null;
    if (requested == Precision.BF16 && !cpu.bf16()) {
      why =
          (cpu.onednnCap().isEmpty()
                  ? "this CPU has no bfloat16 arithmetic"
                  : "oneDNN is capped at "
                      + cpu.onednnCap()
                      + " (ONEDNN_MAX_CPU_ISA), which has no"
                      + " bfloat16 arithmetic")
              + " (neither AVX512_BF16 nor AMX-BF16); running fp32";
    } else if (requested == Precision.BF16 && !cpu.amxBf16() && !bf16WithoutAmx()) {
      why =
          "bf16 without AMX ran slower than fp32 where we measured it (AVX512_BF16 alone: 0.8x in"
              + " training and inference); running fp32 (-D"
              + BF16_WITHOUT_AMX
              + "=true runs bf16 anyway)";
    } else if (requested == Precision.BF16 && !onednn) {
      why =
          "bf16 needs TensorFlow's oneDNN kernels, which are off (TF_ENABLE_ONEDNN_OPTS=0); running fp32";
    } else if (requested == Precision.BF16 && narrowestChannels < MIN_BF16_CHANNELS) {
      why =
          "bf16 is slower than fp32 for layers narrower than "
              + MIN_BF16_CHANNELS
              + " channels, and this model's narrowest has "
              + narrowestChannels
              + "; running fp32";
    }
    this.fallback = why;
    this.precision = why == null ? requested : Precision.FP32;
  }

  /** Options for this machine; {@code threads} 0 keeps TensorFlow's default. */
  public static SessionOptions of(Precision requested, int threads) {
    return new SessionOptions(
        requested, threads, CpuFeatures.detect(), onednnEnabled(), Integer.MAX_VALUE);
  }

  /**
   * Options for running {@code model} on this machine: as {@link #of(Precision, int)}, and float32
   * where the model is too narrow for bfloat16 to pay.
   */
  public static SessionOptions of(Precision requested, int threads, ResNetConfig model) {
    return new SessionOptions(
        requested, threads, CpuFeatures.detect(), onednnEnabled(), narrowestChannels(model));
  }

  private static int narrowestChannels(ResNetConfig model) {
    int narrowest = model.stemWidth();
    for (int stage = 1; stage <= model.depths().size(); stage++) {
      narrowest = Math.min(narrowest, model.stageWidth(stage));
    }
    return narrowest;
  }

  /** Float32 with TensorFlow's default threads. */
  public static SessionOptions defaults() {
    return of(Precision.FP32, 0);
  }

  static SessionOptions forMachine(
      Precision requested, int threads, CpuFeatures cpu, boolean onednn) {
    return new SessionOptions(requested, threads, cpu, onednn, Integer.MAX_VALUE);
  }

  static SessionOptions forMachine(
      Precision requested, int threads, CpuFeatures cpu, boolean onednn, ResNetConfig model) {
    return new SessionOptions(requested, threads, cpu, onednn, narrowestChannels(model));
  }

  /** Whether TensorFlow uses its oneDNN kernels on this machine (see below). */
  static boolean onednnEnabled() {
    // TensorFlow decides from the hardware, not from a cap set for oneDNN.
    return onednnEnabled(CpuFeatures.hardware());
  }

  /**
   * Whether TensorFlow uses its oneDNN kernels: {@code TF_ENABLE_ONEDNN_OPTS} when set, else
   * TensorFlow's default on Linux x86, which is on for CPUs with AVX-512 VNNI, AVX-512 BF16 or AMX.
   */
  public static boolean onednnEnabled(CpuFeatures cpu) {
    String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    if (env != null && !env.isBlank()) {
      String v = env.trim().toLowerCase(Locale.ROOT);
      return v.equals("1") || v.equals("true");
    }
    return cpu.flags().contains("avx512_vnni") || cpu.bf16() || cpu.flags().contains("amx_tile");
  }

  /** The system property that lets bf16 run on a CPU without AMX (to measure such a machine). */
  static final String BF16_WITHOUT_AMX = "reslab.bf16.withoutAmx";

  /**
   * Whether bf16 runs on a CPU with AVX512_BF16 but no AMX. Not by default: on our AMX machine with
   * oneDNN capped at AVX512_CORE_BF16, bf16 trained at 0.8x and inferred at 0.8x fp32 (issue 14),
   * as its bfloat16 dot products there are no faster than float32 FMAs and the casts cost on top.
   * CPUs whose AVX512_BF16 units are faster may gain; the property lets them be measured.
   */
  static boolean bf16WithoutAmx() {
    return Boolean.getBoolean(BF16_WITHOUT_AMX);
  }

  /**
   * Whether bf16 training takes small maps' kernel gradients as matrix products: yes, unless the
   * system property {@code reslab.bf16.smallMapKernelGradients} is {@code false} (to measure what
   * they are worth on another machine).
   */
  static boolean smallMapKernelGradients() {
    return !"false".equalsIgnoreCase(System.getProperty("reslab.bf16.smallMapKernelGradients"));
  }

  /**
   * Whether bf16 passes run convolutions over small maps tiled into larger maps ({@code
   * SmallMapTiling}): yes, unless the system property {@code reslab.bf16.tiledSmallMaps} is {@code
   * false} (to measure what it is worth on another machine).
   */
  static boolean tiledSmallMaps() {
    return !"false".equalsIgnoreCase(System.getProperty("reslab.bf16.tiledSmallMaps"));
  }

  /**
   * The context of a training pass in which layers matched by {@code frozen} do not train: in bf16
   * one whose small maps take their kernel gradients as matrix products ({@link
   * CallContext#bf16Training}), in fp32 the plain training pass.
   */
  public CallContext trainingContext(Ops root, Predicate<String> frozen) {
    return precision == Precision.BF16
        ? CallContext.bf16Training(root, frozen, smallMapKernelGradients(), tiledSmallMaps())
        : CallContext.training(root, frozen);
  }

  /**
   * The context of an inference pass that only predicts (logits, probabilities, a loss). In bf16 it
   * is a prediction-only pass ({@link CallContext#prediction}: BatchNorm folded into the
   * convolutions, which the bf16 rewrite keeps apart); in fp32 Grappler fuses Conv2D and BatchNorm
   * already, so the plain pass stays (same graph, same numbers as every pass before).
   */
  public CallContext predictionContext(Ops root) {
    return precision == Precision.BF16
        ? CallContext.bf16Prediction(root, tiledSmallMaps())
        : CallContext.inference(root);
  }

  /** The precision asked for. */
  public Precision requested() {
    return requested;
  }

  /** The precision in effect: the requested one unless this machine cannot run it. */
  public Precision precision() {
    return precision;
  }

  public int threads() {
    return threads;
  }

  /** Why the requested precision is not in effect, as one line; empty when it is. */
  public Optional<String> fallback() {
    return Optional.ofNullable(fallback);
  }

  /** The session configuration. */
  public ConfigProto toProto() {
    ConfigProto.Builder proto = ConfigProto.newBuilder();
    if (threads > 0) {
      proto.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads);
    }
    if (precision == Precision.BF16) {
      proto.setGraphOptions(
          GraphOptions.newBuilder()
              .setRewriteOptions(
                  RewriterConfig.newBuilder()
                      .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return proto.build();
  }

  /** A session on {@code graph} with these options. */
  public Session open(Graph graph) {
    return new Session(graph, toProto());
  }

  /**
   * The machine and engine in one line, for benchmark output: CPU features, whether oneDNN is on
   * and the precision in effect.
   */
  public String describe() {
    return CpuFeatures.detect().describe()
        + "; oneDNN "
        + (onednnEnabled() ? "on" : "off")
        + "; precision "
        + precision
        + (precision == Precision.BF16 ? " (oneDNN bfloat16 rewrite)" : "");
  }
}
