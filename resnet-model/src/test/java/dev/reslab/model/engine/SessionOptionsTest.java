package dev.reslab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ResNetConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/** Precision parsing, CPU feature detection and the session configuration each machine gets. */
class SessionOptionsTest {
  private static final CpuFeatures AMX =
      new CpuFeatures("Xeon", Set.of("avx2", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile"));
  private static final CpuFeatures AVX512_BF16 =
      new CpuFeatures("Xeon", Set.of("avx2", "avx512f", "avx512_bf16"));
  private static final CpuFeatures AVX2 = new CpuFeatures("Epyc", Set.of("avx2", "fma"));

  @Test
  void parsesPrecisionSpellingsAndNamesTheChoicesOtherwise() {
    assertEquals(Precision.BF16, Precision.parse(" BF16"));
    assertEquals(Precision.BF16, Precision.parse("bfloat16"));
    assertEquals(Precision.FP32, Precision.parse("float32"));
    assertEquals("bf16", Precision.BF16.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
    assertEquals("unknown precision 'fp16'; expected fp32 or bf16", e.getMessage());
  }

  @Test
  void readsTheFirstProcessorsModelAndFlags() {
    CpuFeatures cpu =
        CpuFeatures.parse(
            List.of(
                "processor\t: 0",
                "model name\t: Intel Xeon Platinum",
                "flags\t\t: fpu avx2 avx512f avx512_bf16 amx_bf16 amx_tile",
                "",
                "processor\t: 1",
                "model name\t: other",
                "flags\t\t: fpu"));
    assertEquals("Intel Xeon Platinum", cpu.model());
    assertTrue(cpu.amxBf16() && cpu.avx512Bf16() && cpu.avx512() && cpu.avx2());
    assertEquals("AVX2 yes, AVX-512 yes, AVX512_BF16 yes, AMX-BF16 yes", cpu.describe());
    assertFalse(
        CpuFeatures.parse(List.of("flags : avx2 amx_bf16")).amxBf16(), "AMX needs its tiles too");
    assertFalse(CpuFeatures.read(Path.of("/no/such/cpuinfo")).bf16());
  }

  @Test
  void predictionsFoldBatchNormOnlyWhereBf16IsInEffect() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      assertTrue(
          SessionOptions.forMachine(Precision.BF16, 2, AMX, true)
              .predictionContext(tf)
              .predictionOnly());
      assertFalse(
          SessionOptions.forMachine(Precision.FP32, 2, AMX, true)
              .predictionContext(tf)
              .predictionOnly());
      assertFalse(
          SessionOptions.forMachine(Precision.BF16, 2, AVX2, true)
              .predictionContext(tf)
              .predictionOnly(),
          "bf16 asked for but not in effect: the plain fp32 pass");
      assertFalse(
          SessionOptions.forMachine(Precision.BF16, 2, AMX, true).predictionContext(tf).training());
    }
  }

  @Test
  void smallMapKernelGradientsAreMatrixProductsOnlyWhereBf16IsInEffect() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      CallContext bf16 =
          SessionOptions.forMachine(Precision.BF16, 2, AMX, true)
              .trainingContext(tf, name -> name.equals("fc"));
      assertTrue(bf16.smallMapKernelGradients());
      assertTrue(bf16.training());
      assertFalse(bf16.trains("fc"), "the frozen layers stay frozen");
      assertFalse(
          SessionOptions.forMachine(Precision.FP32, 2, AMX, true)
              .trainingContext(tf, name -> false)
              .smallMapKernelGradients());
      assertFalse(
          SessionOptions.forMachine(Precision.BF16, 2, AVX2, true)
              .trainingContext(tf, name -> false)
              .smallMapKernelGradients(),
          "bf16 asked for but not in effect: the plain fp32 pass");
    }
  }

  @Test
  void smallMapsAreTiledInBf16PassesOnlyAndThePropertySwitchesItOff() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      SessionOptions bf16 = SessionOptions.forMachine(Precision.BF16, 2, AMX, true);
      SessionOptions fp32 = SessionOptions.forMachine(Precision.FP32, 2, AMX, true);
      assertTrue(bf16.trainingContext(tf, name -> false).tiledSmallMaps());
      assertTrue(bf16.predictionContext(tf).tiledSmallMaps());
      assertTrue(bf16.predictionContext(tf).predictionOnly());
      assertFalse(fp32.trainingContext(tf, name -> false).tiledSmallMaps());
      assertFalse(fp32.predictionContext(tf).tiledSmallMaps());
      assertFalse(CallContext.inference(tf).tiledSmallMaps(), "Grad-CAM's full pass");
      System.setProperty("reslab.bf16.tiledSmallMaps", "false");
      try {
        assertFalse(bf16.trainingContext(tf, name -> false).tiledSmallMaps());
        assertFalse(bf16.predictionContext(tf).tiledSmallMaps());
        assertTrue(bf16.trainingContext(tf, name -> false).smallMapKernelGradients());
      } finally {
        System.clearProperty("reslab.bf16.tiledSmallMaps");
      }
    }
  }

  @Test
  void aOnednnCapDropsTheFeaturesAboveIt() {
    CpuFeatures full =
        new CpuFeatures(
            "Xeon",
            Set.of(
                "avx2",
                "avx512f",
                "avx512bw",
                "avx512_vnni",
                "avx512_bf16",
                "avx512_fp16",
                "amx_bf16",
                "amx_tile",
                "amx_int8"));
    CpuFeatures noAmx = full.cappedAt("avx512_core_bf16");
    assertEquals(
        Set.of("avx2", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16"), noAmx.flags());
    assertEquals(
        "oneDNN capped at AVX512_CORE_BF16 (ONEDNN_MAX_CPU_ISA): AVX2 yes, AVX-512 yes,"
            + " AVX512_BF16 yes, AMX-BF16 no",
        noAmx.describe());
    assertEquals(
        Set.of("avx2", "avx512f", "avx512bw", "avx512_vnni"),
        full.cappedAt("AVX512_CORE_VNNI").flags());
    assertEquals(Set.of("avx2", "avx512f", "avx512bw"), full.cappedAt("AVX512_CORE").flags());
    assertEquals(Set.of("avx2"), full.cappedAt("AVX2").flags());
    assertEquals(Set.of(), full.cappedAt("SSE41").flags());
    assertEquals(
        Set.of("avx2", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx512_fp16"),
        full.cappedAt("AVX10_1_512").flags());
    for (String none : new String[] {null, "ALL", "DEFAULT", "AVX512_CORE_AMX", "nonsense"}) {
      assertEquals(full, full.cappedAt(none), String.valueOf(none));
    }
    SessionOptions capped =
        SessionOptions.forMachine(Precision.BF16, 0, full.cappedAt("AVX2"), true);
    assertEquals(Precision.FP32, capped.precision());
    assertEquals(
        "oneDNN is capped at AVX2 (ONEDNN_MAX_CPU_ISA), which has no bfloat16 arithmetic (neither"
            + " AVX512_BF16 nor AMX-BF16); running fp32",
        capped.fallback().orElseThrow());
  }

  @Test
  void withAvx512Bf16ButNoAmxBf16RunsFp32UnlessAskedToMeasureIt() {
    SessionOptions o = SessionOptions.forMachine(Precision.BF16, 0, AVX512_BF16, true);
    assertEquals(Precision.FP32, o.precision());
    assertEquals(
        "bf16 without AMX ran slower than fp32 where we measured it (AVX512_BF16 alone: 0.8x in"
            + " training and inference); running fp32 (-Dreslab.bf16.withoutAmx=true runs bf16"
            + " anyway)",
        o.fallback().orElseThrow());
    System.setProperty(SessionOptions.BF16_WITHOUT_AMX, "true");
    try {
      SessionOptions forced = SessionOptions.forMachine(Precision.BF16, 0, AVX512_BF16, true);
      assertEquals(Precision.BF16, forced.precision());
      assertTrue(forced.fallback().isEmpty());
    } finally {
      System.clearProperty(SessionOptions.BF16_WITHOUT_AMX);
    }
  }

  @Test
  void bf16TurnsOnTheOnednnRewriteWhereTheCpuHasAmx() {
    SessionOptions o = SessionOptions.forMachine(Precision.BF16, 2, AMX, true);
    assertEquals(Precision.BF16, o.precision());
    assertTrue(o.fallback().isEmpty());
    ConfigProto proto = o.toProto();
    assertEquals(
        RewriterConfig.Toggle.ON,
        proto.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(2, proto.getIntraOpParallelismThreads());
    ConfigProto fp32 = SessionOptions.forMachine(Precision.FP32, 0, AMX, true).toProto();
    assertEquals(
        RewriterConfig.Toggle.DEFAULT,
        fp32.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(0, fp32.getIntraOpParallelismThreads());
  }

  @Test
  void withoutBfloat16HardwareOrOnednnItRunsFp32AndSaysWhy() {
    SessionOptions avx2 = SessionOptions.forMachine(Precision.BF16, 0, AVX2, true);
    assertEquals(Precision.FP32, avx2.precision());
    assertEquals(Precision.BF16, avx2.requested());
    assertEquals(
        "this CPU has no bfloat16 arithmetic (neither AVX512_BF16 nor AMX-BF16); running fp32",
        avx2.fallback().orElseThrow());
    assertEquals(
        RewriterConfig.Toggle.DEFAULT,
        avx2.toProto().getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    SessionOptions noOnednn = SessionOptions.forMachine(Precision.BF16, 0, AMX, false);
    assertEquals(Precision.FP32, noOnednn.precision());
    assertTrue(noOnednn.fallback().orElseThrow().contains("oneDNN"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SessionOptions.forMachine(Precision.FP32, -1, AMX, true));
  }

  @Test
  void modelsNarrowerThanSixteenChannelsRunFp32InsteadOfSlowerBf16() {
    ResNetConfig eighth = ResNetConfig.builder().widthFactor(0.125).build(); // 8-channel stem
    SessionOptions narrow = SessionOptions.forMachine(Precision.BF16, 0, AMX, true, eighth);
    assertEquals(Precision.FP32, narrow.precision());
    assertEquals(
        "bf16 is slower than fp32 for layers narrower than 16 channels, and this model's narrowest"
            + " has 8; running fp32",
        narrow.fallback().orElseThrow());
    ResNetConfig quarter = ResNetConfig.builder().widthFactor(0.25).build(); // 16-channel stem
    assertEquals(
        Precision.BF16,
        SessionOptions.forMachine(Precision.BF16, 0, AMX, true, quarter).precision());
    // Explicit stage widths count too, not only the stem.
    ResNetConfig narrowLast = ResNetConfig.builder().depths(1, 1).widths(64, 12).build();
    assertEquals(
        Precision.FP32,
        SessionOptions.forMachine(Precision.BF16, 0, AMX, true, narrowLast).precision());
    assertEquals(
        Precision.FP32,
        SessionOptions.forMachine(Precision.FP32, 0, AMX, true, eighth).precision());
  }
}
