package dev.reslab.cli;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --precision} flag of every command that runs a model. */
final class PrecisionOption {

  @Option(
      names = "--precision",
      paramLabel = "P",
      defaultValue = "fp32",
      description = {
        "fp32, or bf16: convolutions and matrix products in bfloat16 (weights, BatchNorm statistics, "
            + "loss and softmax stay float32); fast on CPUs with AMX; elsewhere (AVX512_BF16 alone included) "
            + "it runs fp32 and says so (default: ${DEFAULT-VALUE})"
      })
  String precision;

  Precision value() {
    return Precision.parse(precision);
  }

  /** One line on {@code err} when this machine cannot run the precision asked for. */
  static void noteFallback(SessionOptions options, PrintWriter err) {
    options
        .fallback()
        .ifPresent(
            why -> {
              err.println("reslab: " + why);
              err.flush();
            });
  }
}
