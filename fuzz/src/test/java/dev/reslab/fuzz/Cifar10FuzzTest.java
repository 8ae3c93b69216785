package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.data.Cifar10Dataset;
import dev.reslab.data.Split;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CIFAR-10 binary batches ({@link Cifar10Dataset#open}, as {@code --dataset cifar10}): parts {@code
 * batches.meta.txt} (absent when empty) and {@code test_batch.bin}.
 */
@Tag("fuzz")
class Cifar10FuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void cifar10(byte[] input) {
    byte[][] parts = InputParts.split(input, 2);
    try (Sandbox box = Sandbox.create()) {
      var dir = box.folder("cifar-10-batches-bin");
      if (parts[0].length > 0) {
        box.write("cifar-10-batches-bin/batches.meta.txt", parts[0]);
      }
      box.write("cifar-10-batches-bin/test_batch.bin", parts[1]);
      ReaderContract.check(
          box,
          input.length,
          () -> Cifar10Dataset.open(box.input(), Split.TEST),
          data -> {
            assertEquals(
                parts[1].length / Cifar10Dataset.RECORD_BYTES, data.info().examples(), "records");
            assertEquals(10, data.info().labelNames().size(), "classes");
          });
    }
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    byte[] meta =
        String.join("\n", Cifar10Dataset.DEFAULT_CLASSES).getBytes(StandardCharsets.UTF_8);
    byte[] record = new byte[Cifar10Dataset.RECORD_BYTES];
    record[0] = 9;
    seeds.add(Seeds.named("one record, class names", InputParts.join(meta, record)));
    seeds.add(Seeds.named("one record, no class names", InputParts.join(new byte[0], record)));
    Seeds.real("cifar10/cifar-10-batches-bin/test_batch.bin", 3 * Cifar10Dataset.RECORD_BYTES)
        .ifPresent(
            bin ->
                seeds.add(
                    Seeds.named(
                        "real: 3 test records and class names",
                        InputParts.join(
                            Seeds.real("cifar10/cifar-10-batches-bin/batches.meta.txt", 4096)
                                .orElse(meta),
                            bin))));
    return seeds.stream();
  }
}
