package dev.reslab.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow checkpoints ({@link TfCheckpoint#open} and every float variable read, as {@code import
 * --tf}): parts {@code ckpt.index} (the sorted table of entries) and {@code
 * ckpt.data-00000-of-00001}.
 */
@Tag("fuzz")
class TfCheckpointFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void tfCheckpoint(byte[] input) {
    byte[][] parts = InputParts.split(input, 2);
    try (Sandbox box = Sandbox.create()) {
      box.write("ckpt.index", parts[0]);
      box.write("ckpt.data-00000-of-00001", parts[1]);
      ReaderContract.check(
          box,
          input.length,
          () -> {
            TfCheckpoint ckpt = TfCheckpoint.open(box.input().resolve("ckpt"));
            List<Object> read = new ArrayList<>();
            ckpt.variables()
                .forEach(
                    (name, entry) -> {
                      if (entry.dtype().equals("DT_FLOAT")) {
                        var values = ckpt.readFloat(name);
                        ValidArrays.check(entry.shape(), values.values().length, name);
                        read.add(values);
                      }
                    });
            return read;
          },
          read -> {});
    }
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    for (String prefix :
        List.of(
            "tensorflow-java-testmodels/saved_model/variables/variables",
            "tensorflow-java-testmodels/saved_model_using_python/model/variables/variables",
            "keras-cifar10-cnn/cifar10_model/variables/variables")) {
      var index = Seeds.real("savedmodels/" + prefix + ".index");
      var data = Seeds.real("savedmodels/" + prefix + ".data-00000-of-00001", 4096);
      if (index.isPresent() && data.isPresent()) {
        seeds.add(Seeds.named("real " + prefix, InputParts.join(index.get(), data.get())));
      }
    }
    return seeds.stream();
  }
}
