package dev.reslab.analysis.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.analysis.inputs.ImageBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-label robustness study against a plain-Java reference: every corrupted copy of the data
 * scored by brute-force pair counting (AUC) and counting decisions (accuracy).
 */
class MultiLabelRobustnessTest {

  private static final int IMAGES = 60;
  private static final int SIDE = 4;
  private static final List<String> NAMES = List.of("Red", "Green", "Never");

  @TempDir Path dir;

  /** Random images; label l (l = 0, 1) is set when channel l is bright, with some noise. */
  private static ImageBatch images() {
    Random r = new Random(7);
    float[] px = new float[IMAGES * SIDE * SIDE * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextFloat();
    }
    return new ImageBatch(px, IMAGES, SIDE, SIDE, 3);
  }

  private static float[] targets(ImageBatch all) {
    Random r = new Random(11);
    float[] t = new float[IMAGES * NAMES.size()];
    for (int i = 0; i < IMAGES; i++) {
      for (int l = 0; l < 2; l++) {
        t[i * NAMES.size() + l] = channelMean(all, i, l) + 0.05 * r.nextGaussian() > 0.5 ? 1 : 0;
      }
      // label 2 never occurs: it has no AUC
    }
    return t;
  }

  private static double channelMean(ImageBatch b, int image, int channel) {
    double sum = 0;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        sum += b.get(image, y, x, channel);
      }
    }
    return sum / (SIDE * SIDE);
  }

  /** A stub head: each label's probability is its channel's mean brightness (label 2: 0.4). */
  private static final MultiLabelClassifier HEAD =
      images -> {
        float[] p = new float[images.batch() * NAMES.size()];
        for (int i = 0; i < images.batch(); i++) {
          p[i * 3] = (float) channelMean(images, i, 0);
          p[i * 3 + 1] = (float) channelMean(images, i, 1);
          p[i * 3 + 2] = 0.4f;
        }
        return p;
      };

  private static List<LabelledBatch> batches(ImageBatch all, float[] targets, int size) {
    List<LabelledBatch> out = new ArrayList<>();
    int per = all.imageSize();
    for (int start = 0; start < IMAGES; start += size) {
      int n = Math.min(size, IMAGES - start);
      int[] classes = new int[n];
      Arrays.fill(classes, -1);
      out.add(
          new LabelledBatch(
              new ImageBatch(
                  Arrays.copyOfRange(all.pixels(), start * per, (start + n) * per),
                  n,
                  SIDE,
                  SIDE,
                  3),
              classes,
              Arrays.copyOfRange(targets, start * 3, (start + n) * 3)));
    }
    return out;
  }

  /** AUC by counting every (positive, negative) pair, ties 1/2; NaN without both. */
  private static double pairAuc(float[] p, float[] t, int label) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < IMAGES; i++) {
      for (int j = 0; j < IMAGES; j++) {
        if (t[i * 3 + label] == 1 && t[j * 3 + label] == 0) {
          float a = p[i * 3 + label];
          float b = p[j * 3 + label];
          wins += a > b ? 1 : a == b ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  private static double labelAccuracy(float[] p, float[] t, int label) {
    int right = 0;
    for (int i = 0; i < IMAGES; i++) {
      right += (p[i * 3 + label] > 0.5f) == (t[i * 3 + label] == 1) ? 1 : 0;
    }
    return (double) right / IMAGES;
  }

  @Test
  void everyVersionMatchesThePlainReference() {
    ImageBatch all = images();
    float[] targets = targets(all);
    RobustnessPlan plan = RobustnessPlan.standard(SeverityTable.CIFAR10_C, 3);
    MultiLabelRobustnessTable table =
        RobustnessStudy.runMultiLabel(HEAD, batches(all, targets, 7), plan, NAMES);
    assertEquals(16, table.rows().size());
    double cleanAuc = 0;
    for (int v = 0; v <= plan.corruptions().size(); v++) {
      // the whole data set as one batch starting at image 0: the same draws as batches of 7
      ImageBatch version =
          v == 0 ? all : plan.corruptions().get(v - 1).corruption().apply(all, plan.seed(), 0);
      float[] p = HEAD.probabilities(version);
      double auc0 = pairAuc(p, targets, 0);
      double auc1 = pairAuc(p, targets, 1);
      double macroAuc = (auc0 + auc1) / 2; // label 2 has no AUC
      double accuracy =
          (labelAccuracy(p, targets, 0)
                  + labelAccuracy(p, targets, 1)
                  + labelAccuracy(p, targets, 2))
              / 3;
      MultiLabelRobustnessRow row = table.rows().get(v);
      assertEquals(macroAuc, row.aucMacro(), 1e-12, "row " + v);
      assertEquals(accuracy, row.accuracy(), 1e-12, "row " + v);
      assertEquals(auc0, row.labels().get(0).auc(), 1e-12);
      assertTrue(Double.isNaN(row.labels().get(2).auc()));
      assertEquals(IMAGES, row.images());
      if (v == 0) {
        cleanAuc = macroAuc;
      } else {
        assertEquals(cleanAuc - macroAuc, table.aucDrop(row), 1e-12);
        // the labels that lose the most AUC, most first, and only labels that have one
        List<MultiLabelRobustnessTable.LabelDrop> drops = table.aucDrops(row);
        assertEquals(2, drops.size());
        assertTrue(drops.get(0).drop() >= drops.get(1).drop());
      }
    }
    // noise and blur of bright/dark channels blur the evidence: the clean AUC is the best
    assertTrue(table.clean().aucMacro() > table.row("gaussian_noise", 5).aucMacro());
    assertEquals(
        (table.row("gaussian_blur", 1).aucMacro()
                + table.row("gaussian_blur", 2).aucMacro()
                + table.row("gaussian_blur", 3).aucMacro()
                + table.row("gaussian_blur", 4).aucMacro()
                + table.row("gaussian_blur", 5).aucMacro())
            / 5,
        table.meanAucByCorruption().get("gaussian_blur"),
        1e-12);
  }

  @Test
  void batchSizeDoesNotChangeTheTable() {
    ImageBatch all = images();
    float[] targets = targets(all);
    RobustnessPlan plan = RobustnessPlan.standard(SeverityTable.IMAGENET_C, 1);
    assertEquals(
        RobustnessStudy.runMultiLabel(HEAD, batches(all, targets, 5), plan, NAMES).rows(),
        RobustnessStudy.runMultiLabel(HEAD, batches(all, targets, 60), plan, NAMES).rows());
  }

  @Test
  void batchesWithOneClassPerImageAreRefused() {
    List<LabelledBatch> classes =
        List.of(new LabelledBatch(new ImageBatch(new float[12], 1, 2, 2, 3), new int[1]));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RobustnessStudy.runMultiLabel(
                    HEAD, classes, RobustnessPlan.standard(SeverityTable.CIFAR10_C, 0), NAMES));
    assertTrue(e.getMessage().contains("needs label vectors"), e.getMessage());
  }

  @Test
  void filesSayTheAucAndAccuracyAgainstClean() throws Exception {
    ImageBatch all = images();
    float[] targets = targets(all);
    RobustnessReport.MultiLabelOutcome o =
        RobustnessReport.runMultiLabel(
            HEAD,
            batches(all, targets, 16),
            RobustnessPlan.standard(SeverityTable.CIFAR10_C, 3),
            NAMES,
            1,
            null);
    var files = RobustnessReport.write(o, dir, "stub", "bf16");
    MultiLabelRobustnessTable t = o.table();
    var summary = new ObjectMapper().readTree(files.get("summary").toFile());
    assertEquals("bf16", summary.get("precision").asText());
    assertEquals(t.clean().aucMacro(), summary.get("clean_auc_macro").asDouble(), 1e-12);
    assertEquals(t.meanCorruptionAuc(), summary.get("mean_corruption_auc_macro").asDouble(), 1e-12);
    assertEquals(
        t.meanCorruptionAccuracy(), summary.get("mean_corruption_accuracy").asDouble(), 1e-12);
    String worst = t.meanAucDrops().get(0).name();
    assertTrue(summary.get("most_auc_lost").asText().startsWith(worst + " "));

    List<String> csv = Files.readAllLines(files.get("table"));
    assertEquals(
        "corruption,severity,parameter,images,auc_macro,auc_drop,accuracy,accuracy_drop,"
            + "auc_undefined_labels,most_auc_lost",
        csv.get(0));
    assertEquals(16, csv.size() - 1);
    MultiLabelRobustnessRow noise5 = t.row("gaussian_noise", 5);
    String noiseLine =
        csv.stream().filter(l -> l.startsWith("gaussian_noise,5,")).findFirst().orElseThrow();
    String[] f = noiseLine.split(",", 10);
    assertEquals(noise5.aucMacro(), Double.parseDouble(f[4]), 1e-6);
    assertEquals(t.aucDrop(noise5), Double.parseDouble(f[5]), 1e-6);
    assertEquals(t.accuracyDrop(noise5), Double.parseDouble(f[7]), 1e-6);
    assertEquals("1", f[8]); // "Never" has no AUC
    assertTrue(f[9].startsWith(t.aucDrops(noise5).get(0).name() + " -"), f[9]);

    List<String> perLabel = Files.readAllLines(files.get("per_label"));
    assertEquals(1 + 16 * 3, perLabel.size());
    assertTrue(perLabel.contains("clean,0,0,Never,0,NaN,NaN,1,0"), perLabel.toString());

    String md = Files.readString(files.get("markdown"));
    assertTrue(md.startsWith(RobustnessReport.precisionLine("bf16")), md);
    assertTrue(md.contains("| corruption | severity | parameter | images | macro AUC |"), md);
    for (String png :
        List.of(
            "robustness-curves.png",
            "robustness-bars.png",
            "robustness-labels.png",
            "corruption-examples.png")) {
      assertTrue(Files.size(dir.resolve(png)) > 1000, png);
    }
  }
}
