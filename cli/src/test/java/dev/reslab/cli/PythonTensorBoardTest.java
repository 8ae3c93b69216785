package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reslab's TensorBoard logs read by TensorBoard 2.21 itself: its {@code EventAccumulator} (every
 * scalar, steps = epochs, values = metrics.csv, across a resume) and its HParams plugin
 * (hyperparameters, metrics and status of each run of a study folder).
 */
class PythonTensorBoardTest {

  @Test
  void everyMetricOfEveryEpochIsAKerasStyleScalar() {
    PythonClient python = PythonClient.get();
    for (Path run : List.of(TrainedRuns.softmax(), TrainedRuns.multiLabel())) {
      List<EpochResult> metrics = RunDirectory.open(run).readMetrics();
      JsonNode events =
          python.call(
              "tensorboard_logs.events", Map.of("run_dir", run.resolve("tensorboard").toString()));
      List<String> checked = new ArrayList<>();
      for (EpochResult row : metrics) {
        for (Map.Entry<String, Double> m : row.metrics().entrySet()) {
          String folder = m.getKey().startsWith("val_") ? "validation" : "train";
          String tag = "epoch_" + m.getKey().replaceFirst("^(val|train)_", "");
          checkScalar(events, folder, tag, row.epoch(), m.getValue(), run);
          checked.add(folder + "/" + tag);
        }
        checkScalar(events, "train", "epoch_learning_rate", row.epoch(), row.learningRate(), run);
      }
      assertTrue(
          checked.contains("train/epoch_loss")
              && checked.contains("train/epoch_accuracy")
              && checked.contains("validation/epoch_loss")
              && checked.contains("validation/epoch_accuracy"),
          checked.toString());
      // Steps are epochs: exactly one value per epoch, 1..N, although the softmax run was resumed
      // after epoch 2.
      JsonNode loss = events.at("/train/scalars/epoch_loss");
      assertEquals(metrics.size(), loss.size(), loss.toString());
      for (int i = 0; i < loss.size(); i++) {
        assertEquals(i + 1, loss.get(i).get(0).asInt(), loss.toString());
      }
      JsonNode images = events.at("/train/images");
      assertTrue(
          images.fieldNames().hasNext() && images.fieldNames().next().startsWith("input_images"),
          images.toString());
      JsonNode first = images.elements().next().get(0);
      assertEquals(
          List.of(1, 32, 32),
          List.of(first.get(0).asInt(), first.get(1).asInt(), first.get(2).asInt()));
    }
  }

  private static void checkScalar(
      JsonNode events, String folder, String tag, int epoch, double value, Path run) {
    JsonNode series = events.at("/" + folder + "/scalars/" + tag);
    assertTrue(
        series.isArray() && !series.isEmpty(), run + ": TensorBoard has no " + folder + "/" + tag);
    for (JsonNode point : series) {
      if (point.get(0).asInt() == epoch) {
        assertEquals(
            (float) value,
            point.get(1).asDouble(),
            1e-6 * Math.max(1, Math.abs(value)),
            folder + "/" + tag + " at epoch " + epoch);
        return;
      }
    }
    throw new AssertionError(
        run + ": " + folder + "/" + tag + " has no step " + epoch + ": " + series);
  }

  @Test
  void theHParamsTabComparesTheRunsOfAStudyFolder() {
    PythonClient python = PythonClient.get();
    JsonNode result =
        python.call("tensorboard_logs.hparams", Map.of("logdir", TrainedRuns.study().toString()));
    JsonNode experiment = result.get("experiment");
    List<String> hparams = new ArrayList<>();
    experiment.get("hparamInfos").forEach(h -> hparams.add(h.get("name").asText()));
    assertTrue(
        hparams.containsAll(List.of("lr", "batch_size", "optimizer", "weight_decay", "head")),
        hparams.toString());
    List<String> metricNames = new ArrayList<>();
    experiment
        .get("metricInfos")
        .forEach(
            m -> metricNames.add(m.at("/name/group").asText() + "/" + m.at("/name/tag").asText()));
    assertTrue(
        metricNames.containsAll(
            List.of("validation/epoch_loss", "validation/epoch_accuracy", "train/epoch_loss")),
        metricNames.toString());

    JsonNode groups = result.at("/session_groups/sessionGroups");
    assertEquals(2, groups.size(), groups.toString());
    Map<String, JsonNode> byRun = new HashMap<>();
    for (JsonNode group : groups) {
      JsonNode session = group.get("sessions").get(0);
      byRun.put(session.get("name").asText(), group);
      assertEquals("STATUS_SUCCESS", session.get("status").asText(), session.toString());
    }
    JsonNode softmax = byRun.get("softmax/tensorboard");
    JsonNode multiLabel = byRun.get("multilabel/tensorboard");
    assertTrue(softmax != null && multiLabel != null, byRun.keySet().toString());
    assertEquals(0.001, softmax.at("/hparams/lr").asDouble(), 1e-12);
    assertEquals(0.01, multiLabel.at("/hparams/lr").asDouble(), 1e-12);
    assertEquals("sigmoid", multiLabel.at("/hparams/head").asText());
    // The session's metric values are the last epoch's (the softmax run's third, after its resume).
    List<EpochResult> metrics = RunDirectory.open(TrainedRuns.softmax()).readMetrics();
    EpochResult last = metrics.get(metrics.size() - 1);
    boolean found = false;
    for (JsonNode v : softmax.get("metricValues")) {
      if (v.at("/name/group").asText().equals("validation")
          && v.at("/name/tag").asText().equals("epoch_loss")) {
        assertEquals(last.get("val_loss"), v.get("value").asDouble(), 1e-6);
        assertEquals(last.epoch(), v.get("trainingStep").asInt());
        found = true;
      }
    }
    assertTrue(found, softmax.toString());
  }
}
