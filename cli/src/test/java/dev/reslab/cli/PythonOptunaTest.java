package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reslab.analysis.study.MedianPruner;
import dev.reslab.analysis.study.OptunaExport;
import dev.reslab.analysis.study.RandomSampler;
import dev.reslab.analysis.study.SearchSpace;
import dev.reslab.analysis.study.Trial;
import dev.reslab.analysis.study.TuneResults;
import dev.reslab.analysis.study.TuneSettings;
import dev.reslab.analysis.study.Tuner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tuning studies exported with {@code tune --export-optuna}, loaded, plotted and analysed by Optuna
 * 5 itself.
 */
class PythonOptunaTest {
  private static final SearchSpace SPACE =
      SearchSpace.of(
          new double[] {1e-4, 1e-1},
          List.of(16, 32),
          List.of("adam", "sgd"),
          new double[] {1e-6, 1e-2});

  @TempDir Path tmp;

  @Test
  void aTuneStudyLoadsInOptunaWithEveryTrialParameterAndEpoch() {
    PythonClient python = PythonClient.get();
    Path study = tmp.resolve("tune-study");
    Path file = tmp.resolve("optuna.db");
    CliRun tune =
        CliRun.of(
            "tune",
            "--dataset",
            "synthetic",
            "--width-factor",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--epochs",
            "2",
            "--trials",
            "3",
            "--sampler",
            "random",
            "--limit-train",
            "64",
            "--limit-val",
            "32",
            "--lr-range",
            "1e-4:1e-1",
            "--batch-sizes",
            "16,32",
            "--optimizers",
            "adam,sgd",
            "--wd-range",
            "1e-6:1e-2",
            "--out",
            study.toString(),
            "--export-optuna",
            file.toString());
    assertEquals(0, tune.exitCode(), tune.err());
    assertTrue(tune.out().contains("Optuna study 'tune-study'"), tune.out());

    TuneSettings settings =
        TuneSettings.builder("tune-study", SPACE)
            .trials(3)
            .sampler(new RandomSampler())
            .pruner(new MedianPruner(4, 0))
            .build();
    List<Trial> ourTrials = Tuner.trials(Tuner.defaultStorage(study), settings);
    List<Trial> ours = ourTrials;
    JsonNode optuna =
        python.call(
            "optuna_study.load", Map.of("storage", file.toString(), "study_name", "tune-study"));
    assertEquals("MAXIMIZE", optuna.get("direction").asText());
    assertEquals("val_accuracy", optuna.at("/user_attrs/metric").asText());
    JsonNode trials = optuna.get("trials");
    assertEquals(ours.size(), trials.size());
    for (int i = 0; i < ours.size(); i++) {
      Trial t = ours.get(i);
      JsonNode o = trials.get(i);
      assertEquals(t.number() - 1, o.get("number").asInt());
      assertEquals(t.state().name(), o.get("state").asText());
      assertEquals(Double.parseDouble(t.params().get("lr")), o.at("/params/lr").asDouble(), 0);
      assertEquals(
          Double.parseDouble(t.params().get("weight_decay")),
          o.at("/params/weight_decay").asDouble(),
          0);
      assertEquals(
          Integer.parseInt(t.params().get("batch_size")), o.at("/params/batch_size").asInt());
      assertTrue(
          o.at("/params/batch_size").isInt(),
          "batch sizes are integer choices: " + o.get("params"));
      assertEquals(t.params().get("optimizer"), o.at("/params/optimizer").asText());
      assertEquals("FloatDistribution", o.at("/distributions/lr").asText());
      assertEquals("CategoricalDistribution", o.at("/distributions/optimizer").asText());
      assertEquals(t.value(), o.get("value").asDouble(), 0);
      assertEquals(t.intermediate().size(), o.get("intermediate").size());
      t.intermediate()
          .forEach((epoch, v) -> assertEquals(v, o.at("/intermediate/" + epoch).asDouble(), 0));
      assertEquals(t.number(), o.at("/user_attrs/reslab_trial").asInt());
      assertTrue(o.get("started").asBoolean() && o.get("completed").asBoolean(), o.toString());
    }
    JsonNode importances = optuna.get("importances");
    assertEquals(4, importances.size(), importances.toString());
    Map<String, Double> ourImportances = new TuneResults(settings, ourTrials).importances();
    ourImportances.forEach(
        (p, v) -> assertEquals(v, importances.get(p).asDouble(), 1e-9, p + ": " + importances));
    double sum = 0;
    for (JsonNode v : importances) {
      sum += v.asDouble();
    }
    assertEquals(1.0, sum, 1e-6, "importances are fractions of one: " + importances);
    assertEquals(
        List.of(true, true, true, true),
        List.of(
            optuna.at("/figures/0").asInt() > 0,
            optuna.at("/figures/1").asInt() > 0,
            optuna.at("/figures/2").asInt() > 0,
            optuna.at("/figures/3").asInt() > 0),
        "every plot has data: " + optuna.get("figures"));
  }

  @Test
  void everyTrialStateAndMissingValueReachesOptuna() throws Exception {
    PythonClient python = PythonClient.get();
    Path run = Files.createDirectories(tmp.resolve("run"));
    Map<String, String> params =
        Map.of(
            "lr",
            "0.00123000",
            "batch_size",
            "32",
            "optimizer",
            "sgd",
            "weight_decay",
            "1.00000e-05");
    TreeMap<Integer, Double> epochs = new TreeMap<>(Map.of(1, 0.25, 2, Double.NaN, 3, 0.5));
    List<Trial> trials =
        List.of(
            new Trial(1, Trial.State.COMPLETE, params, 0.5, epochs, run.toString(), "h:1"),
            new Trial(
                2,
                Trial.State.PRUNED,
                params,
                0.25,
                new TreeMap<>(Map.of(1, 0.25)),
                run.toString(),
                "h:1"),
            new Trial(
                3, Trial.State.FAIL, params, Double.NaN, new TreeMap<>(), run.toString(), "h:1"),
            new Trial(
                4,
                Trial.State.RUNNING,
                params,
                Double.NaN,
                new TreeMap<>(Map.of(1, 0.1)),
                run.toString(),
                "h:1"));
    TuneSettings settings =
        TuneSettings.builder("states", SPACE).trials(4).metric("val_loss").build();
    Path file = tmp.resolve("states.db");
    OptunaExport.write(file, settings, trials);
    JsonNode optuna =
        python.call(
            "optuna_study.load", Map.of("storage", file.toString(), "study_name", "states"));
    assertEquals("MINIMIZE", optuna.get("direction").asText());
    JsonNode t = optuna.get("trials");
    assertEquals(
        List.of("COMPLETE", "PRUNED", "FAIL", "RUNNING"),
        List.of(
            t.get(0).get("state").asText(),
            t.get(1).get("state").asText(),
            t.get(2).get("state").asText(),
            t.get(3).get("state").asText()));
    assertEquals(0.5, t.get(0).get("value").asDouble(), 0);
    assertTrue(t.get(0).at("/intermediate/2").isNull(), "a NaN epoch stays NaN: " + t.get(0));
    assertEquals(0.25, t.get(1).get("value").asDouble(), 0);
    assertTrue(t.get(2).get("value").isNull() && t.get(3).get("value").isNull(), t.toString());
    assertEquals(0.00123, t.get(0).at("/params/lr").asDouble(), 0);
    assertEquals(32, t.get(0).at("/params/batch_size").asInt());
    assertEquals(0, optuna.get("best_trial").asInt());

    // Written whole: exporting again replaces the file, and a choice outside the space is an error.
    OptunaExport.write(file, settings, trials.subList(0, 1));
    assertEquals(
        1,
        python
            .call("optuna_study.load", Map.of("storage", file.toString(), "study_name", "states"))
            .get("trials")
            .size());
    Trial odd =
        new Trial(
            1,
            Trial.State.COMPLETE,
            Map.of("optimizer", "rmsprop"),
            0.5,
            epochs,
            run.toString(),
            "h");
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> OptunaExport.write(file, settings, List.of(odd)));
    assertEquals(
        "trial value 'rmsprop' of optimizer is not one of its choices [adam, sgd]", e.getMessage());
  }

  /**
   * Our PED-ANOVA importances are Optuna's own, to rounding: 40 trials drawn at random whose value
   * depends mostly on the learning rate and a little on the optimizer, with pruned and failed
   * trials among them, maximised and minimised, and with a parameter that has one choice only.
   */
  @Test
  void importancesAreOptunasDefaultPedAnovaToRounding() {
    PythonClient python = PythonClient.get();
    SearchSpace oneBatch =
        SearchSpace.of(
            new double[] {1e-4, 1e-1},
            List.of(64),
            List.of("adam", "sgd"),
            new double[] {1e-6, 1e-2});
    Random rnd = new Random(7);
    for (SearchSpace space : List.of(SPACE, oneBatch)) {
      for (String metric : List.of("val_accuracy", "val_loss")) {
        List<Trial> trials = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
          Map<String, String> params = new LinkedHashMap<>(space.sample(rnd));
          double lr = Math.log10(Double.parseDouble(params.get("lr")));
          double value =
              0.8
                  - 0.08 * (lr + 2.5) * (lr + 2.5)
                  + (params.get("optimizer").equals("adam") ? 0.03 : 0)
                  + 0.01 * rnd.nextGaussian();
          Trial.State state =
              n % 11 == 0
                  ? Trial.State.FAIL
                  : n % 7 == 0 ? Trial.State.PRUNED : Trial.State.COMPLETE;
          trials.add(
              new Trial(
                  n,
                  state,
                  params,
                  state == Trial.State.FAIL
                      ? Double.NaN
                      : metric.equals("val_loss") ? 1 - value : value,
                  new TreeMap<>(Map.of(1, value)),
                  tmp.resolve("run-" + n).toString(),
                  "h:1"));
        }
        TuneSettings settings =
            TuneSettings.builder("imp", space)
                .trials(40)
                .sampler(new RandomSampler())
                .metric(metric)
                .build();
        Path file =
            tmp.resolve("imp-" + metric + "-" + space.params().get(1).toString().length() + ".db");
        OptunaExport.write(file, settings, trials);
        JsonNode optuna =
            python.call(
                "optuna_study.importances",
                Map.of("storage", file.toString(), "study_name", "imp"));
        assertTrue(
            optuna.get("default_is_ped_anova").asBoolean(),
            "Optuna's default importance evaluator is no longer PED-ANOVA: "
                + optuna.get("default_parameter"));
        Map<String, Double> ours = new TuneResults(settings, trials).importances();
        JsonNode theirs = optuna.get("values");
        assertEquals(theirs.size(), ours.size(), theirs.toString());
        ours.forEach(
            (p, v) ->
                assertEquals(
                    theirs.get(p).asDouble(),
                    v,
                    1e-9,
                    metric + " " + p + ": ours " + ours + ", Optuna " + theirs));
        assertEquals("lr", ours.keySet().iterator().next(), ours.toString());
        if (space == oneBatch) {
          assertEquals(0.0, ours.get("batch_size"), 0, "a single choice cannot matter");
        }
      }
    }
  }
}
