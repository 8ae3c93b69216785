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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessReportTest {

  @TempDir Path dir;

  @Test
  void tableFilesAndExampleGrid() throws Exception {
    // 8×8 gray images of 0.5, class 0; the stub says 0 while the image's mean stays within 0.02 of
    // 0.5
    List<LabelledBatch> data = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      float[] px = new float[4 * 8 * 8 * 3];
      Arrays.fill(px, 0.5f);
      data.add(new LabelledBatch(new ImageBatch(px, 4, 8, 8, 3), new int[4]));
    }
    List<Long> progress = new ArrayList<>();
    RobustnessReport.Outcome o =
        RobustnessReport.run(
            images -> {
              int[] p = new int[images.batch()];
              for (int i = 0; i < p.length; i++) {
                double mean = 0;
                for (float v : images.image(i)) {
                  mean += v;
                }
                mean /= images.imageSize();
                p[i] = Math.abs(mean - 0.5) < 0.02 ? 0 : 1;
              }
              return p;
            },
            data,
            RobustnessPlan.standard(SeverityTable.CIFAR10_C, 1),
            2,
            progress::add);
    assertEquals(List.of(0L, 4L, 8L, 12L), progress);
    assertEquals(2, o.examples().batch());
    assertEquals(12, o.table().clean().correct());
    var files = RobustnessReport.write(o, dir, "stub");
    // the summary numbers also as JSON, which a report made later from the folder shows
    var summary = new ObjectMapper().readTree(files.get("summary").toFile());
    assertEquals(
        o.table().meanCorruptionAccuracy(),
        summary.get("mean_corruption_accuracy").asDouble(),
        1e-12);
    assertEquals(1.0, summary.get("clean_accuracy").asDouble(), 1e-12);
    assertEquals(
        o.table().meanAccuracyByCorruption().get("gaussian_blur"),
        summary.get("mean_accuracy_gaussian_blur").asDouble(),
        1e-12);
    List<String> all = Files.readAllLines(files.get("markdown"));
    // the summary numbers first, then the full table
    assertTrue(
        all.get(0)
            .startsWith(
                "Clean accuracy 100.00 %; mean accuracy over all corruptions and severities"),
        all.get(0));
    List<String> md =
        all.subList(
            all.indexOf(
                "| corruption | severity | parameter | correct / total | accuracy | "
                    + "95 % interval | drop |"),
            all.size());
    assertEquals("| clean | – | – | 12 / 12 | 100.00 % | 75.75 – 100.00 % | – |", md.get(2));
    // blur keeps a flat image flat
    assertTrue(
        md.contains("| gaussian_blur | 5 | 1 | 12 / 12 | 100.00 % | 75.75 – 100.00 % | 0.00 pp |"),
        String.join("\n", md));
    assertEquals(2 + 16, md.size());
    var grid = ImageIO.read(files.get("examples").toFile());
    assertTrue(
        grid.getWidth() > 6 * 64 && grid.getHeight() > 3 * 64,
        grid.getWidth() + "x" + grid.getHeight());
    for (String png : List.of("curves", "bars")) {
      assertTrue(Files.size(files.get(png)) > 1000);
    }
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> Corruption.of("gaussian_noise", SeverityTable.CIFAR10_C, 0));
    assertEquals("severity must be 1 to 5, got 0", zero.getMessage());
    IllegalArgumentException six =
        assertThrows(
            IllegalArgumentException.class,
            () -> Corruption.of("gaussian_blur", SeverityTable.IMAGENET_C, 6));
    assertEquals("severity must be 1 to 5, got 6", six.getMessage());
  }
}
