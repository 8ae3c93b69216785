package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run directory's JSON ({@link RunDirectory#readConfig}, {@link RunDirectory#readMetrics}, {@link
 * RunDirectory#bestEpoch}, as {@code eval}, {@code report} and {@code train --resume} read them):
 * parts {@code config.json}, {@code metrics.jsonl}, {@code best.json}.
 */
@Tag("fuzz")
class RunDirectoryFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void runDirectory(byte[] input) {
    byte[][] parts = InputParts.split(input, 3);
    try (Sandbox box = Sandbox.create()) {
      box.write("run/config.json", parts[0]);
      if (parts[1].length
          > 0) { // empty parts stand for absent files, as in a run that has not finished an epoch
        box.write("run/metrics.jsonl", parts[1]);
      }
      if (parts[2].length > 0) {
        box.write("run/best.json", parts[2]);
      }
      ReaderContract.check(
          box,
          input.length,
          () -> {
            RunDirectory run = RunDirectory.open(box.input().resolve("run"));
            RunConfig config = run.readConfig();
            run.readMetrics();
            run.bestEpoch();
            return config;
          },
          config -> assertNotNull(config.model(), "a run configuration without a model"));
    }
  }

  static Stream<Arguments> seeds() throws Exception {
    try (Sandbox box = Sandbox.create()) {
      RunDirectory run = RunDirectory.create(box.writable().resolve("run"));
      run.writeConfig(
          new RunConfig(
              ResNetPreset.RESNET20.config(Stem.CIFAR, 10),
              TrainingConfig.defaults(3, 32),
              Map.of("dataset", "cifar10", "dir", "/data/cifar10"),
              Map.of("reslab", "0.1.0"),
              "2026-11-29T12:00:00Z"));
      byte[] config = Files.readAllBytes(run.configFile());
      byte[] metrics =
          ("{\"epoch\":1,\"lr\":0.001,\"train_loss\":2.1,\"val_loss\":1.9,\"val_accuracy\":null,"
                  + "\"seconds\":12.5,\"images_per_second\":300.0}\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] best =
          "{\"epoch\":1,\"metric\":\"val_loss\",\"value\":1.9,\"checkpoint\":\"checkpoints/epoch-001\"}"
              .getBytes(StandardCharsets.UTF_8);
      return Stream.of(
          Seeds.named("a trained run", InputParts.join(config, metrics, best)),
          Seeds.named(
              "an imported model's bare configuration",
              InputParts.join(
                  ResNetPreset.RESNET20
                      .config(Stem.CIFAR, 10)
                      .toJson()
                      .getBytes(StandardCharsets.UTF_8),
                  new byte[0],
                  new byte[0])));
    }
  }
}
