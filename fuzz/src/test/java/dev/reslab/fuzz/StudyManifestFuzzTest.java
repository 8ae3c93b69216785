package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyManifest;
import dev.reslab.analysis.study.StudyPlan;
import dev.reslab.analysis.study.Variant;
import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code STUDY/study.json} ({@link StudyManifest#read} and {@link StudyManifest#states}, as study
 * resumption and reports).
 */
@Tag("fuzz")
class StudyManifestFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void studyManifest(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      box.write("study/" + StudyManifest.FILE, input);
      Path dir = box.input().resolve("study");
      ReaderContract.check(
          box,
          input.length,
          () -> {
            StudyPlan plan = StudyManifest.read(dir);
            StudyManifest.states(dir);
            return plan;
          },
          plan -> {
            assertNotNull(plan.training(), "a plan without training settings");
            plan.variants()
                .forEach(v -> assertNotNull(v.model(), "variant " + v.name() + " without a model"));
          });
    }
  }

  static Stream<Arguments> seeds() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = json.createObjectNode();
    node.put("kind", "ablation");
    node.put("metric", "val_accuracy");
    node.set("training", json.valueToTree(TrainingConfig.defaults(2, 32)));
    node.set("data", json.valueToTree(StudyData.of(DataSpec.of("synthetic", null)).toMap()));
    node.set("seeds", json.valueToTree(List.of(0L, 1L)));
    node.set(
        "variants",
        json.valueToTree(
            List.of(Variant.of("base", ResNetPreset.RESNET20.config(Stem.CIFAR, 10)))));
    node.put("created", "2026-11-29T12:00:00Z");
    node.putObject("runs").put("runs/base/seed-0", "finished");
    return Stream.of(Seeds.named("an ablation study", json.writeValueAsBytes(node)));
  }
}
