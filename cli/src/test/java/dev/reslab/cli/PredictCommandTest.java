package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
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
    // the export records the size its run sees (32 for the CIFAR stem): no --size needed
    JsonNode fromExport = predict(export, "--images", image, image2);
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

  /**
   * A trained run's export is read as its run (image size, classes) by predict and the
   * explanations; an export made before exports recorded their size asks for --size in one line
   * saying why, and takes it.
   */
  @Test
  void anExportIsReadAsItsRunAndAnOldOneSaysWhyItNeedsASize() throws Exception {
    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--dataset",
            "synthetic",
            "--epochs",
            "1",
            "--width-factor",
            "0.125",
            "--depths",
            "1,1,1,1",
            "--limit-train",
            "64",
            "--limit-val",
            "32",
            "--batch-size",
            "32",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
    Path export = tmp.resolve("export");
    assertEquals(
        0, CliRun.of("export", "--model", run.toString(), "--out", export.toString()).exitCode());
    Path image = tmp.resolve("shape.png");
    BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        img.setRGB(x, y, (x * 5) << 16 | (y * 6) << 8 | ((x + y) * 2));
      }
    }
    ImageIO.write(img, "png", image.toFile());

    JsonNode fromRun = predict(run, "--images", image.toString());
    JsonNode fromExport = predict(export, "--images", image.toString());
    JsonNode runTop = fromRun.get(0).get("top");
    JsonNode exportTop = fromExport.get(0).get("top");
    for (int k = 0; k < 5; k++) {
      assertEquals(runTop.get(k).get("label"), exportTop.get(k).get("label"), "class names");
      assertEquals(
          runTop.get(k).get("score").asDouble(), exportTop.get(k).get("score").asDouble(), 1e-4);
    }
    assertTrue(exportTop.get(0).get("label").asText().length() > 0);
    // an explanation of the export sees what the run's sees: same size, probabilities, stages
    List<List<String>> cams = new ArrayList<>();
    for (Path model : List.of(run, export)) {
      Path out = tmp.resolve("cam-" + model.getFileName());
      CliRun cam =
          CliRun.of(
              "gradcam",
              "--model",
              model.toString(),
              "--images",
              image.toString(),
              "--layers",
              "layer1,layer4",
              "--out",
              out.toString());
      assertEquals(0, cam.exitCode(), cam.err());
      cams.add(Files.readAllLines(out.resolve("gradcam.csv")));
    }
    assertEquals(3, cams.get(0).size());
    for (int row = 1; row < 3; row++) {
      String[] a = cams.get(0).get(row).split(",");
      String[] b = cams.get(1).get(row).split(",");
      assertEquals(a[1] + a[3] + a[6], b[1] + b[3] + b[6], "layer, target, predicted");
      for (int col : new int[] {5, 8, 9, 11}) {
        assertEquals(Double.parseDouble(a[col]), Double.parseDouble(b[col]), 1e-4, cams.toString());
      }
    }

    // as an export written before reslab.json held the size: only the model
    Path description = export.resolve("assets.extra/reslab.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(description.toFile());
    doc.remove("data");
    ((ObjectNode) doc.get("input")).remove(List.of("height", "width"));
    Files.writeString(description, json.writeValueAsString(doc));
    CliRun old = CliRun.of("predict", "--model", export.toString(), "--images", image.toString());
    assertEquals(2, old.exitCode(), old.err());
    assertEquals(
        "reslab predict: "
            + export
            + " was exported before reslab exports recorded their image size"
            + " (assets.extra/reslab.json has none) and its input 'images' takes any size; give"
            + " --size H,W with the size its run trained at, or export the run again",
        old.err().strip());
    JsonNode sized = predict(export, "--size", "32,32", "--images", image.toString());
    assertEquals(
        runTop.get(0).get("score").asDouble(),
        sized.get(0).get("top").get(0).get("score").asDouble(),
        1e-4);
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
