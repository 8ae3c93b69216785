package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} takes a run, its best epoch or reslab's export, and prints probabilities without
 * {@code --output}: the run and its export agree on every image.
 */
class PredictCommandTest {
  private static final Path DATA = Path.of(System.getProperty("reslab.data", "../shared/data"));

  @TempDir Path tmp;

  @Test
  void runBestEpochAndExportPredictTheSameProbabilities() throws Exception {
    Path weights = DATA.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    Path photos = DATA.resolve("imagenet/sample-v2-layout");
    Assumptions.assumeTrue(
        Files.isRegularFile(weights) && Files.isDirectory(photos), "shared data not found");
    Path run = tmp.resolve("r20");
    assertEquals(
        0, CliRun.of("import", "--torch", weights.toString(), "--out", run.toString()).exitCode());
    Path export = tmp.resolve("export");
    assertEquals(
        0, CliRun.of("export", "--model", run.toString(), "--out", export.toString()).exitCode());
    String image = photos.resolve("0/n01440764_tench.jpeg").toString();
    String image2 = photos.resolve("101").toFile().listFiles()[0].toString();

    String meta = DATA.resolve("cifar10/cifar-10-batches-bin/batches.meta.txt").toString();
    JsonNode fromRun = predict(run, "--labels", meta, "--images", image, image2);
    // comma-separated, as the explanation commands take them
    JsonNode fromEpoch =
        predict(run.resolve("checkpoints/epoch-000"), "--images", image + "," + image2);
    assertEquals(2, fromEpoch.size());
    JsonNode fromExport = predict(export, "--size", "32,32", "--images", image, image2);
    for (int i = 0; i < 2; i++) {
      JsonNode top = fromRun.get(i).get("top");
      double sum = 0;
      for (JsonNode c : top) {
        sum += c.get("score").asDouble();
      }
      assertTrue(sum > 0.5 && sum <= 1 + 1e-5, "probabilities, not logits: top-5 sum " + sum);
      assertTrue(
          top.get(0).has("label"), "class names from --labels (an imported run records none)");
      assertEquals(top.get(0).get("score"), fromEpoch.get(i).get("top").get(0).get("score"));
      // Both resize the whole photo to 32×32; the export normalises inside its graph.
      JsonNode exported = fromExport.get(i).get("top");
      for (int k = 0; k < 5; k++) {
        assertEquals(top.get(k).get("class").asInt(), exported.get(k).get("class").asInt());
        assertEquals(
            top.get(k).get("score").asDouble(), exported.get(k).get("score").asDouble(), 1e-4);
      }
    }
  }

  private static JsonNode predict(Path model, String... more) throws Exception {
    String[] args = new String[4 + more.length];
    args[0] = "predict";
    args[1] = "--model";
    args[2] = model.toString();
    args[3] = "--json";
    System.arraycopy(more, 0, args, 4, more.length);
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exitCode(), r.err());
    return new ObjectMapper().readTree(r.out());
  }
}
