package dev.reslab.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.interop.savedmodel.SavedModelInspector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code saved_model.pb} ({@link SavedModelInspector#inspect}, as {@code inspect}, {@code eval} and
 * {@code predict}).
 */
@Tag("fuzz")
class SavedModelFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void savedModel(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      box.write("model/saved_model.pb", input);
      ReaderContract.check(
          box,
          input.length,
          () -> SavedModelInspector.inspect(box.input().resolve("model")),
          info -> Objects.requireNonNull(info.toString()));
    }
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    for (String model :
        List.of(
            "tensorflow-java-testmodels/saved_model",
            "tensorflow-java-testmodels/saved_model_using_python/model",
            "keras-cifar10-cnn/cifar10_model")) {
      Seeds.real("savedmodels/" + model + "/saved_model.pb", 1 << 20)
          .ifPresent(b -> seeds.add(Seeds.named("real " + model, b)));
    }
    seeds.add(Seeds.named("no meta graph", new byte[] {8, 1}));
    return seeds.stream();
  }
}
