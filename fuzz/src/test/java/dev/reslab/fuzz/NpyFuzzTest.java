package dev.reslab.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code .npy} arrays ({@link NpyFile#read}), as the import tests and array round trips read them.
 */
@Tag("fuzz")
class NpyFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void npy(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      var file = box.write("array.npy", input);
      ReaderContract.check(box, input.length, () -> NpyFile.read(file), ValidArrays::check);
    }
  }

  static Stream<Arguments> seeds() throws Exception {
    List<Arguments> seeds = new ArrayList<>();
    Seeds.real("weights/torchvision-resnet18/resnet18-seed0-logits.npy")
        .ifPresent(b -> seeds.add(Seeds.named("real logits [4,1000]", b)));
    Seeds.real("weights/torchvision-resnet18/resnet18-seed0-layer4-nhwc.npy", 4096)
        .ifPresent(b -> seeds.add(Seeds.named("real layer4, cut", b)));
    try (Sandbox box = Sandbox.create()) {
      for (FloatArray a :
          List.of(
              new FloatArray(new long[] {}, new float[] {1.5f}),
              new FloatArray(new long[] {3}, new float[] {1, 2, 3}),
              new FloatArray(new long[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5}),
              new FloatArray(new long[] {0, 4}, new float[0]))) {
        var file = box.input().resolve("a.npy");
        NpyFile.write(file, a);
        seeds.add(Seeds.named("written " + a, Files.readAllBytes(file)));
      }
    }
    return seeds.stream();
  }
}
