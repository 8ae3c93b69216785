package dev.reslab.model.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU features that decide how fast a model computes, read from {@code /proc/cpuinfo}: AVX2,
 * AVX-512, AVX-512 BF16 (bfloat16 dot products in vector units) and AMX-BF16 (bfloat16 matrix
 * tiles, several times the vector units' rate).
 *
 * <p>oneDNN, which computes TensorFlow's convolutions and matrix products here, can be told to use
 * less of the CPU than it has ({@code ONEDNN_MAX_CPU_ISA}); {@link #detect()} reports the features
 * as oneDNN will use them, so that a capped run behaves like a machine without the dropped units
 * (AMX-BF16 off: an AVX512_BF16-only machine; AVX2: one without bfloat16).
 *
 * @param model name of the CPU model, or "unknown"
 * @param flags the feature flags of the first processor listed (empty where there is no {@code
 *     /proc/cpuinfo}), less those above a oneDNN cap
 * @param onednnCap the {@code ONEDNN_MAX_CPU_ISA} value that removed flags, or empty
 */
public record CpuFeatures(String model, Set<String> flags, String onednnCap) {

  public CpuFeatures {
    flags = Set.copyOf(flags);
    onednnCap = onednnCap == null ? "" : onednnCap;
  }

  public CpuFeatures(String model, Set<String> flags) {
    this(model, flags, "");
  }

  /**
   * oneDNN's ISA names, lowest first, each with the flags it gives up relative to the next level
   * up; a cap at one level drops the flags of every level above it. Names outside this list (ALL,
   * DEFAULT, unknown ones) cap nothing.
   */
  private static final List<Map.Entry<List<String>, List<String>>> ISA_LEVELS =
      List.of(
          Map.entry(List.of("SSE41", "AVX"), List.of("avx2")),
          Map.entry(List.of("AVX2", "AVX2_VNNI", "AVX2_VNNI_2"), List.of("avx512")),
          Map.entry(List.of("AVX512_CORE"), List.of("avx512_vnni")),
          Map.entry(List.of("AVX512_CORE_VNNI"), List.of("avx512_bf16")),
          Map.entry(List.of("AVX512_CORE_BF16"), List.of("avx512_fp16")),
          Map.entry(List.of("AVX512_CORE_FP16", "AVX10_1_512"), List.of("amx")));

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures hardware;
  private static volatile CpuFeatures detected;

  /** This machine's features as {@code /proc/cpuinfo} lists them, whatever oneDNN is told. */
  public static CpuFeatures hardware() {
    CpuFeatures h = hardware;
    if (h == null) {
      h = read(CPUINFO);
      hardware = h;
    }
    return h;
  }

  /**
   * This machine's features as oneDNN uses them (read once): those of {@code /proc/cpuinfo} below
   * the environment's {@code ONEDNN_MAX_CPU_ISA} (or its older name {@code DNNL_MAX_CPU_ISA}).
   */
  public static CpuFeatures detect() {
    CpuFeatures d = detected;
    if (d == null) {
      String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
      d = hardware().cappedAt(cap != null ? cap : System.getenv("DNNL_MAX_CPU_ISA"));
      detected = d;
    }
    return d;
  }

  /**
   * These features as oneDNN capped at {@code isa} (an {@code ONEDNN_MAX_CPU_ISA} value such as
   * {@code AVX512_CORE_BF16}) uses them; unchanged for {@code null}, ALL, DEFAULT or a name oneDNN
   * does not know.
   */
  public CpuFeatures cappedAt(String isa) {
    if (isa == null) {
      return this;
    }
    String name = isa.trim().toUpperCase(Locale.ROOT);
    boolean dropping = false;
    Set<String> kept = new TreeSet<>(flags);
    for (Map.Entry<List<String>, List<String>> level : ISA_LEVELS) {
      if (level.getKey().contains(name)) {
        dropping = true;
      }
      if (dropping) {
        // Prefixes: "avx512" drops every AVX-512 extension, "amx" every AMX one.
        for (String prefix : level.getValue()) {
          kept.removeIf(flag -> flag.startsWith(prefix));
        }
      }
    }
    return dropping ? new CpuFeatures(model, kept, name) : this;
  }

  /** Features from a {@code /proc/cpuinfo}-format file; none when it cannot be read. */
  static CpuFeatures read(Path cpuinfo) {
    try {
      return parse(Files.readAllLines(cpuinfo));
    } catch (IOException | RuntimeException e) {
      return new CpuFeatures("unknown", Set.of());
    }
  }

  /**
   * Features from the lines of {@code /proc/cpuinfo}: the first processor's model name and flags.
   */
  static CpuFeatures parse(List<String> lines) {
    String model = "unknown";
    Set<String> flags = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.equals("unknown")) {
        model = value;
      } else if (key.equals("flags") && flags == null) {
        flags = new TreeSet<>(Arrays.asList(value.split("\\s+")));
      }
    }
    return new CpuFeatures(model, flags == null ? Set.of() : flags);
  }

  public boolean avx2() {
    return flags.contains("avx2");
  }

  public boolean avx512() {
    return flags.contains("avx512f");
  }

  /** AVX-512 BF16: bfloat16 dot products in the vector units. */
  public boolean avx512Bf16() {
    return flags.contains("avx512_bf16");
  }

  /** AMX with bfloat16 tiles. */
  public boolean amxBf16() {
    return flags.contains("amx_bf16") && flags.contains("amx_tile");
  }

  /**
   * Whether the CPU computes bfloat16 natively (AVX-512 BF16 or AMX), so that bf16 is worth
   * running.
   */
  public boolean bf16() {
    return avx512Bf16() || amxBf16();
  }

  /**
   * One line for benchmark output, e.g. {@code "AVX2 yes, AVX-512 yes, AVX512_BF16 yes, AMX-BF16
   * yes"}.
   */
  public String describe() {
    return (onednnCap.isEmpty() ? "" : "oneDNN capped at " + onednnCap + " (ONEDNN_MAX_CPU_ISA): ")
        + "AVX2 "
        + yesNo(avx2())
        + ", AVX-512 "
        + yesNo(avx512())
        + ", AVX512_BF16 "
        + yesNo(avx512Bf16())
        + ", AMX-BF16 "
        + yesNo(amxBf16());
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
