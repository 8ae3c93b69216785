package dev.reslab.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.interop.torch.StateDict;
import dev.reslab.interop.torch.TorchCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch checkpoints, legacy pickle stream and zip container ({@link TorchCheckpoint#read}, as
 * {@code import --torch}).
 */
@Tag("fuzz")
class TorchCheckpointFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void torchCheckpoint(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      var file = box.write("model.pth", input);
      ReaderContract.check(
          box, input.length, () -> TorchCheckpoint.read(file), TorchCheckpointFuzzTest::valid);
    }
  }

  private static void valid(StateDict sd) {
    sd.tensors().forEach((name, t) -> ValidArrays.check(t.values()));
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    seeds.add(Seeds.named("small zip container", TorchSeeds.zip()));
    seeds.add(Seeds.named("small legacy stream", TorchSeeds.legacy()));
    seeds.add(Seeds.named("pickle calling os.system", TorchSeeds.callsOsSystem()));
    Seeds.real("weights/resnet-cifar10/resnet20-12fca82f.th")
        .ifPresent(b -> seeds.add(Seeds.named("real ResNet-20 legacy stream, cut", b)));
    return seeds.stream();
  }
}
