package dev.reslab.analysis.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reslab.ReslabException;
import dev.reslab.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code STUDY/tuning.json}: a tuning study as {@code reslab tune} left it — its settings (search
 * space with bounds and scales, metric and direction, sampler, pruner) and every trial with its
 * parameters, state, value and per-epoch values — so a report can draw it without the trial
 * database (which may be a PostgreSQL server elsewhere). A missing value is {@code null}.
 */
public final class TuningFile {
  public static final String FILE = "tuning.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TuningFile() {}

  /** Whether {@code dir} holds one. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /** Writes {@code results} to {@code dir/tuning.json} atomically. */
  public static void write(Path dir, TuneResults results) {
    TuneSettings s = results.settings();
    ObjectNode node = JSON.createObjectNode();
    node.put("name", s.name());
    node.put("metric", s.metric());
    node.put("direction", s.maximize() ? "maximize" : "minimize");
    node.put("sampler", s.sampler().name());
    node.put("sampler_seed", s.seed());
    node.put("planned_trials", s.trials());
    if (s.pruner() != null) {
      node.putObject("pruner")
          .put("startup_trials", s.pruner().startupTrials())
          .put("warmup_epochs", s.pruner().warmupEpochs());
    } else {
      node.putNull("pruner");
    }
    node.put("keep_all", s.keepAll());
    if (s.init() != null) {
      node.set("init", JSON.valueToTree(s.init()));
    }
    ArrayNode space = node.putArray("space");
    for (SearchSpace.Param p : s.space().params()) {
      ObjectNode param = space.addObject().put("name", p.name());
      if (p instanceof SearchSpace.LogUniform l) {
        param.put("scale", "log").put("low", l.low()).put("high", l.high());
      } else {
        ArrayNode choices = param.put("scale", "choice").putArray("choices");
        ((SearchSpace.Choice) p).values().forEach(choices::add);
      }
    }
    ArrayNode trials = node.putArray("trials");
    for (Trial t : results.trials()) {
      ObjectNode trial = trials.addObject();
      trial.put("number", t.number());
      trial.put("state", t.state().name().toLowerCase(Locale.ROOT));
      ObjectNode params = trial.putObject("params");
      t.params().forEach(params::put);
      number(trial, "value", t.value());
      ObjectNode epochs = trial.putObject("epochs");
      t.intermediate().forEach((e, v) -> number(epochs, String.valueOf(e), v));
      trial.put("run", t.runDir());
      trial.put("owner", t.owner());
    }
    try {
      AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  /**
   * The study in {@code dir/tuning.json}; a {@link ReslabException} of one line naming the file,
   * the trial and what was expected otherwise.
   */
  public static TuneResults read(Path dir) {
    Path file = dir.resolve(FILE);
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReslabException(
          file
              + ": not valid JSON: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
    String where = file.toString();
    try {
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      List<SearchSpace.Param> params = new ArrayList<>();
      for (JsonNode p : array(node, "space")) {
        String name = text(p, "name");
        String scale = text(p, "scale");
        if (scale.equals("log")) {
          params.add(new SearchSpace.LogUniform(name, real(p, "low"), real(p, "high")));
        } else if (scale.equals("choice")) {
          List<String> choices = new ArrayList<>();
          array(p, "choices").forEach(c -> choices.add(c.asText()));
          params.add(new SearchSpace.Choice(name, choices));
        } else {
          throw new IllegalArgumentException(
              "parameter " + name + " has scale '" + scale + "', expected log or choice");
        }
      }
      JsonNode pruner = node.get("pruner");
      String direction = text(node, "direction");
      TuneSettings settings =
          TuneSettings.builder(text(node, "name"), new SearchSpace(params))
              .trials(integer(node, "planned_trials"))
              .sampler(Sampler.named(text(node, "sampler")))
              .seed(node.path("sampler_seed").asLong())
              .metric(text(node, "metric"))
              .pruner(
                  pruner == null || pruner.isNull()
                      ? null
                      : new MedianPruner(
                          integer(pruner, "startup_trials"), integer(pruner, "warmup_epochs")))
              .keepAll(node.path("keep_all").asBoolean())
              .init(
                  node.hasNonNull("init")
                      ? JSON.convertValue(node.get("init"), StudyInit.class)
                      : null)
              .build();
      if (!direction.equals(settings.maximize() ? "maximize" : "minimize")) {
        throw new IllegalArgumentException(
            "direction '" + direction + "' does not fit the metric " + settings.metric());
      }
      List<Trial> trials = new ArrayList<>();
      for (JsonNode t : array(node, "trials")) {
        trials.add(trial(t, settings.space()));
      }
      return new TuneResults(settings, trials);
    } catch (IllegalArgumentException | ReslabException e) {
      // the settings' and search space's own checks, said about this file
      throw new ReslabException(where + ": " + e.getMessage(), e);
    }
  }

  private static Trial trial(JsonNode t, SearchSpace space) {
    int number = integer(t, "number");
    try {
      Trial.State state;
      try {
        state = Trial.State.valueOf(text(t, "state").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "state '"
                + text(t, "state")
                + "' is not one of waiting, running, complete, pruned, fail");
      }
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode p = object(t, "params");
      for (SearchSpace.Param sp : space.params()) {
        JsonNode v = p.get(sp.name());
        if (v == null) {
          continue;
        }
        String value = v.asText();
        if (sp instanceof SearchSpace.Choice c && !c.values().contains(value)) {
          throw new IllegalArgumentException(
              sp.name() + " '" + value + "' is not one of its choices " + c.values());
        }
        if (sp instanceof SearchSpace.LogUniform) {
          double d = parse(sp.name(), value);
          if (!(d > 0)) {
            throw new IllegalArgumentException(sp.name() + " " + value + " is not positive");
          }
        }
        params.put(sp.name(), value);
      }
      TreeMap<Integer, Double> epochs = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(t, "epochs").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int epoch;
        try {
          epoch = Integer.parseInt(e.getKey());
        } catch (NumberFormatException x) {
          throw new IllegalArgumentException("epoch '" + e.getKey() + "' is not a number");
        }
        if (epoch < 1) {
          throw new IllegalArgumentException("epoch " + epoch + " is not positive");
        }
        epochs.put(epoch, optionalReal(e.getValue(), "epoch " + epoch));
      }
      return new Trial(
          number,
          state,
          params,
          optionalReal(t.get("value"), "value"),
          epochs,
          t.path("run").asText(""),
          t.path("owner").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trial " + number + ": " + e.getMessage(), e);
    }
  }

  private static double parse(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + value + "' is not a number");
    }
  }

  private static JsonNode array(JsonNode node, String key) {
    JsonNode a = node.get(key);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("expected an array '" + key + "'");
    }
    return a;
  }

  private static JsonNode object(JsonNode node, String key) {
    JsonNode o = node.get(key);
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("expected an object '" + key + "'");
    }
    return o;
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("expected a text '" + key + "'");
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("expected an integer '" + key + "'");
    }
    return v.asInt();
  }

  private static double real(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("expected a number '" + key + "'");
    }
    return v.asDouble();
  }

  private static double optionalReal(JsonNode v, String what) {
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(what + " is not a number: " + v);
    }
    return v.asDouble();
  }
}
