package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.interop.checkpoint.TfCheckpoint;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.InitialWeights;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The weights the trainer starts from, read inside the training session right after they were
 * assigned (before the first update), equal the source file's tensors exactly — compared with an
 * independent {@link RunImport} of the same file, whose model scores the published 91.63 %.
 */
class InitialWeightsTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));
  private static final Path R20 = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");

  @TempDir Path tmp;

  @Test
  void trainingStartsFromTheFilesTensorsExactly() {
    Assumptions.assumeTrue(
        Files.isRegularFile(R20) && Files.isDirectory(DATA.resolve("cifar10")),
        "shared data not found");
    WeightSource source = WeightSource.open(R20.toString(), tmp, bytes -> {});
    var model = source.architecture(ResNetPreset.RESNET18.config());
    Map<String, float[]> before = new LinkedHashMap<>();
    InitialWeights watched =
        new InitialWeights() {
          @Override
          public void assign(ResNet m, Ops tf, Session session) {
            source.assign(m, tf, session);
            for (ModelVariable v : m.variables()) {
              try (Result r = session.runner().fetch(v.value()).run()) {
                before.put(v.name(), FloatTensors.toArray(r.get(0)));
              }
            }
          }

          @Override
          public Map<String, Object> provenance() {
            return source.provenance();
          }
        };
    DataSpec data =
        DataSpec.of("cifar10", DATA.resolve("cifar10")).withLimits(64, 0).withValidationSplit(null);
    TrainingJob.train(
        model,
        TrainingConfig.defaults(1, 64),
        data,
        tmp.resolve("run"),
        TrainingListener.NONE,
        watched);

    var imported = RunImport.fromTorch(R20, model, ImportOptions.STRICT, tmp.resolve("imported"));
    TfCheckpoint reference = TfCheckpoint.open(imported.checkpointPrefix().getParent());
    assertEquals(reference.variables().keySet(), before.keySet());
    for (String name : before.keySet()) {
      assertArrayEquals(reference.readFloat(name).values(), before.get(name), name);
    }
    assertTrue(before.size() > 60, before.size() + " variables");
    Map<String, Object> init = RunDirectory.open(tmp.resolve("run")).readConfig().init();
    assertEquals(List.of(), init.get("reinit"));
    assertEquals(R20.toString(), init.get("source"));
  }
}
