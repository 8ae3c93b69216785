package dev.reslab.model.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU features that decide how fast a model computes, read from {@code /proc/cpuinfo}: AVX2,
 * AVX-512, AVX-512 BF16 (bfloat16 dot products in vector units) and AMX-BF16 (bfloat16 matrix
 * tiles, several times the vector units' rate).
 *
 * @param model name of the CPU model, or "unknown"
 * @param flags the feature flags of the first processor listed (empty where there is no {@code
 *     /proc/cpuinfo})
 */
public record CpuFeatures(String model, Set<String> flags) {

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures detected;

  /** This machine's features (read once). */
  public static CpuFeatures detect() {
    CpuFeatures d = detected;
    if (d == null) {
      d = read(CPUINFO);
      detected = d;
    }
    return d;
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
    return "AVX2 "
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
