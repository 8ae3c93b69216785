package dev.reslab.analysis.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingConfig;

/**
 * {@code STUDY/study.json}: the plan of a study and the state of each run, rewritten atomically after every run. A
 * study started again in the same directory must have the same plan; the run states are a record for people, the
 * run directories themselves decide what is left to do.
 */
public final class StudyManifest {
  public static final String FILE = "study.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StudyManifest() {}

  /** Whether {@code dir} holds a study. */
  public static boolean isStudy(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /** The plan as JSON (without run states and times). */
  static ObjectNode planJson(StudyPlan plan) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", plan.kind());
    node.put("metric", plan.metric());
    node.set("training", JSON.valueToTree(plan.training()));
    node.set("data", JSON.valueToTree(plan.data().toMap()));
    node.set("seeds", JSON.valueToTree(plan.seeds()));
    node.set("variants", JSON.valueToTree(plan.variants()));
    return node;
  }

  /** Writes the plan and run states. */
  static void write(Path dir, StudyPlan plan, Map<String, String> states, String created) {
    ObjectNode node = planJson(plan);
    node.put("created", created);
    node.put("updated", Instant.now().toString());
    ObjectNode runs = node.putObject("runs");
    states.forEach(runs::put);
    try {
      AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The plan of the study in {@code dir}. */
  public static StudyPlan read(Path dir) {
    JsonNode node = readTree(dir);
    try {
      List<Variant> variants = new ArrayList<>();
      for (JsonNode v : node.get("variants")) {
        variants.add(new Variant(v.get("name").asText(), JSON.treeToValue(v.get("model"), ResNetConfig.class),
            v.get("parameters").asLong()));
      }
      Map<String, Object> data = JSON.convertValue(node.get("data"), new TypeReference<LinkedHashMap<String, Object>>() {});
      return new StudyPlan(node.get("kind").asText(), node.get("metric").asText(), variants,
          JSON.treeToValue(node.get("training"), TrainingConfig.class), StudyData.fromMap(data),
          JSON.convertValue(node.get("seeds"), new TypeReference<List<Long>>() {}));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(dir.resolve(FILE) + ": not a valid study manifest: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /** When the study was first started. */
  static String created(Path dir) {
    JsonNode c = readTree(dir).get("created");
    return c == null ? Instant.now().toString() : c.asText();
  }

  /** The recorded state of each run ({@code runs/base/seed-0} → {@code finished}). */
  public static Map<String, String> states(Path dir) {
    JsonNode runs = readTree(dir).get("runs");
    return runs == null ? Map.of() : JSON.convertValue(runs, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private static JsonNode readTree(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a valid study manifest: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /**
   * Fails when the study in {@code dir} was planned differently from {@code plan}, naming the first setting that
   * differs: resuming must not mix results of two designs. More seeds after the same first ones are allowed (a
   * study repeated with {@code --seeds 5} after {@code --seeds 3} trains only the new seeds).
   */
  static void checkSamePlan(Path dir, StudyPlan plan) {
    ObjectNode stored = (ObjectNode) readTree(dir);
    ObjectNode wanted;
    try {
      // through text, so numbers compare as they are stored (a float field reads back as a double)
      wanted = (ObjectNode) JSON.readTree(JSON.writeValueAsString(planJson(plan)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (Iterator<String> it = wanted.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equals("seeds") && extends_(stored.get(key), wanted.get(key))) {
        continue;
      }
      if (!wanted.get(key).equals(stored.get(key))) {
        throw new IllegalArgumentException(dir + " holds a study planned with other " + key + " (" + brief(stored.get(key))
            + " instead of " + brief(wanted.get(key)) + "); resume it with its own settings or choose another --out");
      }
    }
  }

  /** More seeds after the same first ones: the study grows, its finished runs stay valid. */
  private static boolean extends_(JsonNode stored, JsonNode wanted) {
    if (stored == null || !stored.isArray() || !wanted.isArray() || wanted.size() < stored.size()) {
      return false;
    }
    for (int i = 0; i < stored.size(); i++) {
      if (!stored.get(i).equals(wanted.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String brief(JsonNode node) {
    String s = node == null ? "none" : node.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
