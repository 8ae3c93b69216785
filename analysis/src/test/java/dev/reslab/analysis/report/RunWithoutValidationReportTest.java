package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report on an ImageNet-V2 fine-tuning, which has no validation data: it says which training
 * metric really picked the best epoch (it said val_loss), and names a few of 1000 classes, not all.
 */
class RunWithoutValidationReportTest {
  @TempDir Path tmp;

  @Test
  void saysWhatPickedTheBestEpochAndNamesAFewOfManyClasses() throws Exception {
    Path v2 = tmp.resolve("v2");
    for (int c = 0; c < 2; c++) {
      Files.createDirectories(v2.resolve(Integer.toString(c)));
      ImageIO.write(
          new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
          "jpg",
          v2.resolve(c + "/a.jpeg").toFile());
    }
    DataSpec data = DataSpec.of("imagenet-v2", v2);
    Path dir = tmp.resolve("run");
    RunDirectory.create(dir)
        .writeConfig(
            new RunConfig(
                ReportFixtures.TINY.toBuilder().classes(1000).build(),
                TrainingConfig.defaults(2, 4),
                data.describe(data.open("train")),
                Map.of("reslab", "test"),
                "2026-11-30T07:00:00Z"));
    String row =
        "{\"epoch\":%d,\"lr\":0.001,\"train_loss\":%s,\"train_accuracy\":0.5,\"seconds\":1,"
            + "\"images_per_second\":9}\n";
    Files.writeString(
        dir.resolve("metrics.jsonl"), String.format(row, 1, "2.0") + String.format(row, 2, "1.5"));
    Files.writeString(
        dir.resolve("best.json"), "{\"epoch\": 2, \"metric\": \"train_loss\", \"value\": 1.5}");

    Report.Written w = Report.write(List.of(dir), tmp.resolve("out"));
    String report = Files.readString(w.markdown());
    assertTrue(report.contains("| best epoch by | train_loss (no validation data) |"), report);
    assertTrue(report.contains("*run: training loss per epoch*"), report);
    String card = Files.readString(w.modelCards().get(0));
    assertTrue(card.contains("(best epoch 2 by train_loss (no validation data))"), card);
    assertTrue(
        card.contains(
            "1000 classes (class_0, class_1, class_2, class_3, class_4, class_5, class_6, class_7,"
                + " class_8, class_9 and 990 more)"),
        card);
    assertFalse(card.contains("class_999"), card);
  }
}
