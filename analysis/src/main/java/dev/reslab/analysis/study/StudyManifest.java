package dev.reslab.analysis.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reslab.ReslabException;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code STUDY/study.json}: the plan of a study and where its trials are kept ({@code storage}: a
 * JDBC URL without password, and the study's name there). A study started again in the same
 * directory must have the same plan. Studies made before the trial storage recorded run states here
 * instead ({@code runs}); they are still read.
 */
public final class StudyManifest {
  public static final String FILE = "study.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    if (plan.init() != null) { // absent for fresh weights, as in plans made before it existed
      node.set("init", JSON.valueToTree(plan.init()));
    }
    return node;
  }

  /** Writes the plan and run states (the layout of studies made before the trial storage). */
  static void write(Path dir, StudyPlan plan, Map<String, String> states, String created) {
    ObjectNode node = planJson(plan);
    node.put("created", created);
    node.put("updated", Instant.now().toString());
    ObjectNode runs = node.putObject("runs");
    states.forEach(runs::put);
    write(dir, node);
  }

  /** Writes the plan and where its trials are kept. */
  static void write(Path dir, StudyPlan plan, String storage, String name, String created) {
    ObjectNode node = planJson(plan);
    node.put("storage", TrialStorage.redact(storage));
    node.put("study", name);
    node.put("created", created);
    write(dir, node);
  }

  /**
   * The storage URL (without password) and study name of the study in {@code dir}, if it keeps its
   * trials there.
   */
  public static Optional<String[]> storage(Path dir) {
    JsonNode node = readTree(dir);
    return node.has("storage")
        ? Optional.of(new String[] {node.get("storage").asText(), node.get("study").asText()})
        : Optional.empty();
  }

  /** The plan as the storage keeps it. */
  static String json(StudyPlan plan) {
    try {
      return JSON.writeValueAsString(planJson(plan));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plan from the storage's JSON. */
  static StudyPlan fromJson(String json) {
    try {
      return plan(JSON.readTree(json), "the stored study plan");
    } catch (IOException e) {
      throw new ReslabException("the stored study plan is not valid JSON: " + e.getMessage());
    }
  }

  private static void write(Path dir, ObjectNode node) {
    try {
      AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The plan of the study in {@code dir}. */
  public static StudyPlan read(Path dir) {
    return plan(readTree(dir), dir.resolve(FILE).toString());
  }

  private static StudyPlan plan(JsonNode node, String where) {
    try {
      List<Variant> variants = new ArrayList<>();
      for (JsonNode v : node.get("variants")) {
        variants.add(
            new Variant(
                v.get("name").asText(),
                JSON.treeToValue(v.get("model"), ResNetConfig.class),
                v.get("parameters").asLong(),
                v.has("training")
                    ? JSON.convertValue(
                        v.get("training"), new TypeReference<LinkedHashMap<String, String>>() {})
                    : Map.of()));
      }
      Map<String, Object> data =
          JSON.convertValue(
              node.get("data"), new TypeReference<LinkedHashMap<String, Object>>() {});
      if (node.get("training") == null
          || node.get("training").isNull()
          || variants.stream().anyMatch(v -> v.model() == null)) {
        throw new ReslabException("it lacks the training settings or a variant's model");
      }
      return new StudyPlan(
          node.get("kind").asText(),
          node.get("metric").asText(),
          variants,
          JSON.treeToValue(node.get("training"), TrainingConfig.class),
          StudyData.fromMap(data),
          JSON.convertValue(node.get("seeds"), new TypeReference<List<Long>>() {}),
          node.hasNonNull("init") ? JSON.treeToValue(node.get("init"), StudyInit.class) : null);
    } catch (IOException | RuntimeException e) {
      throw new ReslabException(
          where
              + ": not a valid study plan: "
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
    try {
      return runs == null
          ? Map.of()
          : JSON.convertValue(runs, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IllegalArgumentException e) {
      throw new ReslabException(
          dir.resolve(FILE)
              + ": its runs are not names and states: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static JsonNode readTree(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReslabException(
          file
              + ": not a valid study manifest: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /**
   * Fails when the study in {@code dir} was planned differently from {@code plan}, naming the first
   * setting that differs: resuming must not mix results of two designs. More seeds after the same
   * first ones are allowed (a study repeated with {@code --seeds 5} after {@code --seeds 3} trains
   * only the new seeds).
   */
  static void checkSamePlan(Path dir, StudyPlan plan) {
    checkSamePlan(dir.toString(), readTree(dir), plan);
  }

  /**
   * The same check against a stored plan ({@code where} names it in the message); true when {@code
   * plan} has more seeds than the stored one.
   */
  static boolean checkSamePlan(String where, JsonNode stored, StudyPlan plan) {
    ObjectNode wanted;
    try {
      // through text, so numbers compare as they are stored (a float field reads back as a double)
      wanted = (ObjectNode) JSON.readTree(JSON.writeValueAsString(planJson(plan)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (stored.hasNonNull("init") && !wanted.has("init")) {
      wanted.putNull("init"); // a study that started from pretrained weights resumes only from them
    }
    for (Iterator<String> it = wanted.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equals("seeds") && extends_(stored.get(key), wanted.get(key))) {
        continue;
      }
      if (!wanted.get(key).equals(stored.get(key))) {
        throw new ReslabException(
            where
                + " holds a study planned with other "
                + key
                + " ("
                + brief(stored.get(key))
                + " instead of "
                + brief(wanted.get(key))
                + "); resume it with its own settings or choose another study folder");
      }
    }
    return wanted.get("seeds").size() > stored.get("seeds").size();
  }

  /** Parses stored plan JSON for {@link #checkSamePlan(String, JsonNode, StudyPlan)}. */
  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new ReslabException("the stored study plan is not valid JSON: " + e.getMessage());
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
