package dev.reslab.interop.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {
  private static final String CIFAR = "weights/resnet-cifar10/";

  @Test
  void readsLegacyStreamWithModulePrefixesUnderStateDict() {
    StateDict sd = TorchCheckpoint.read(RealData.require(CIFAR + "resnet20-12fca82f.th"));
    assertArrayEquals(new long[] {16, 3, 3, 3}, sd.get("conv1.weight").shape());
    assertArrayEquals(new long[] {10, 64}, sd.get("linear.weight").shape());
    assertEquals("float32", sd.get("layer1.0.bn1.running_mean").dtype());
    assertTrue(sd.names().stream().noneMatch(n -> n.startsWith("module.")));
    assertEquals("conv1.weight", sd.names().iterator().next(), "file order is kept");
  }

  @Test
  void zipArchiveHoldsTheSameTensorsAsTheLegacyStream() {
    StateDict legacy = TorchCheckpoint.read(RealData.require(CIFAR + "resnet20-12fca82f.th"));
    StateDict zip = TorchCheckpoint.read(RealData.require(CIFAR + "resnet20-12fca82f.zip.pth"));
    assertEquals(legacy.names(), zip.names());
    for (String name : legacy.names()) {
      assertEquals(legacy.get(name).values(), zip.get(name).values(), name);
    }
  }

  @Test
  void torchvisionStateDictIncludesBatchCounters() {
    StateDict sd =
        TorchCheckpoint.read(
            RealData.require("weights/torchvision-resnet18/resnet18-torchvision-seed0.pth"));
    assertEquals(122, sd.size());
    assertEquals("int64", sd.get("bn1.num_batches_tracked").dtype());
    assertArrayEquals(new long[] {}, sd.get("bn1.num_batches_tracked").shape());
    assertArrayEquals(new long[] {128, 64, 1, 1}, sd.get("layer2.0.downsample.0.weight").shape());
  }

  @Test
  void truncatedZipIsOneLineErrorNamingTheFile(@TempDir Path tmp) throws IOException {
    byte[] bytes = Files.readAllBytes(RealData.require(CIFAR + "resnet20-12fca82f.zip.pth"));
    Path cut = tmp.resolve("cut.pth");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    ReslabException e = assertThrows(ReslabException.class, () -> TorchCheckpoint.read(cut));
    assertTrue(
        e.getMessage().startsWith("PyTorch checkpoint " + cut + " is truncated or corrupt"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void truncatedLegacyStreamIsOneLineErrorNamingTheFile(@TempDir Path tmp) throws IOException {
    byte[] bytes = Files.readAllBytes(RealData.require(CIFAR + "resnet20-12fca82f.th"));
    for (int length : new int[] {bytes.length - 100, 5000, 20}) {
      Path cut = tmp.resolve("cut-" + length + ".th");
      Files.write(cut, Arrays.copyOf(bytes, length));
      ReslabException e = assertThrows(ReslabException.class, () -> TorchCheckpoint.read(cut));
      assertTrue(
          e.getMessage().startsWith("PyTorch checkpoint " + cut + " is truncated or corrupt"),
          e.getMessage());
    }
  }

  @Test
  void fileThatIsNotACheckpoint(@TempDir Path tmp) throws IOException {
    Path text = tmp.resolve("notes.pth");
    Files.writeString(text, "hello");
    ReslabException e = assertThrows(ReslabException.class, () -> TorchCheckpoint.read(text));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    ReslabException missing =
        assertThrows(ReslabException.class, () -> TorchCheckpoint.read(tmp.resolve("absent.pth")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }
}
