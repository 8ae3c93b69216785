package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.data.Normalization;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report on a CelebA-style run fine-tuned from ImageNet weights: what its multi-label numbers
 * mean, and the normalisation it really trained with.
 */
class MultiLabelRunReportTest {
  @TempDir Path tmp;

  /** 3 attributes; 4 training and 4 validation images, 3 of the 12 validation labels set. */
  private Path celeba() throws Exception {
    Path dir = tmp.resolve("celeba");
    Files.createDirectories(dir.resolve("img_align_celeba")); // no image is read
    Files.writeString(
        dir.resolve("list_attr_celeba.txt"),
        "8\r\nSmiling Male Young\r\n"
            + "000001.jpg  1 -1  1\r\n000002.jpg -1 -1  1\r\n000003.jpg  1  1 -1\r\n"
            + "000004.jpg -1  1 -1\r\n"
            + "000005.jpg  1 -1 -1\r\n000006.jpg -1  1 -1\r\n000007.jpg -1 -1 -1\r\n"
            + "000008.jpg -1  1 -1\r\n");
    StringBuilder partition = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      partition.append(String.format("%06d.jpg %d\r\n", i, i <= 4 ? 0 : 1));
    }
    Files.writeString(dir.resolve("list_eval_partition.txt"), partition);
    return dir;
  }

  private Path run(Path celeba, double valAccuracy) throws Exception {
    DataSpec data =
        DataSpec.of("celeba", celeba)
            .withValidationSplit("valid")
            .withNormalization(Normalization.IMAGENET);
    Path dir = tmp.resolve("run" + valAccuracy);
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig(
        new RunConfig(
            ReportFixtures.TINY.toBuilder().classes(3).head(Head.SIGMOID).build(),
            TrainingConfig.defaults(2, 4),
            data.describe(data.open("train")),
            Map.of("reslab", "test"),
            "2026-11-30T06:00:00Z"));
    String row =
        "{\"epoch\":%d,\"lr\":0.001,\"train_loss\":0.6,\"train_accuracy\":0.7,\"train_auc_macro\":0.6,"
            + "\"train_auc_undefined_labels\":0.0,\"val_loss\":%s,\"val_accuracy\":%s,"
            + "\"val_auc_macro\":0.625,\"val_auc_undefined_labels\":1.0,\"seconds\":1,"
            + "\"images_per_second\":9}\n";
    Files.writeString(
        dir.resolve("metrics.jsonl"),
        String.format(java.util.Locale.ROOT, row, 1, "0.7", "0.5")
            + String.format(java.util.Locale.ROOT, row, 2, "0.6", valAccuracy));
    Files.writeString(
        dir.resolve("best.json"), "{\"epoch\": 2, \"metric\": \"val_loss\", \"value\": 0.6}");
    return dir;
  }

  @Test
  void headlineIsTheMacroAucAndAccuracyIsWeighedAgainstPredictingNothing() throws Exception {
    Path celeba = celeba();
    RunFacts facts = RunFacts.read(run(celeba, 0.75), "r");
    assertEquals("val_auc_macro", facts.headline());
    DatasetFacts data = DatasetFacts.of(facts.data());
    // 3 of the 4 × 3 validation labels are set: "all absent" is right 9 times in 12
    assertEquals(0.75, data.splits().get(1).allAbsentAccuracy(), 1e-12);

    List<String> notes = RunSection.observations(facts, data);
    String all = String.join("\n", notes);
    assertTrue(
        all.contains(
            "Validation macro ROC AUC at epoch 2: 62.5 % over 2 of 3 labels (1 have no positive"
                + " or no negative example among the 4 validation images and no AUC); 50 % is"
                + " chance."),
        all);
    assertTrue(
        all.contains(
            "predicting every label absent scores 75.0 % on these images — **the model does no"
                + " better than that**"),
        all);
    assertFalse(all.contains("chance (33.3 %"), "1/classes is no chance level of 3 labels: " + all);
    assertFalse(all.contains("Wilson"), all);

    String better =
        String.join("\n", RunSection.observations(RunFacts.read(run(celeba, 0.9), "r"), data));
    assertTrue(better.contains("scores 75.0 % on these images."), better);
    assertFalse(better.contains("no better"), better);
  }

  @Test
  void cardAndDatasheetShowCountsAsCountsAndTheNormalisationTrainedWith() throws Exception {
    Report.Written w = Report.write(List.of(run(celeba(), 0.75)), tmp.resolve("out"));
    String card = Files.readString(w.modelCards().get(0));
    assertTrue(card.contains("| val_auc_undefined_labels | 1 |"), card);
    assertTrue(card.contains("| val_accuracy | 75.0 % |"), "no interval over images: " + card);
    String sheet = Files.readString(w.datasheets().get(0));
    assertTrue(
        sheet.contains(
            "normalisation: (pixel / 255 − (0.4850, 0.4560, 0.4060)) / (0.2290, 0.2240, 0.2250)"),
        "ImageNet's statistics the run trained with, not CelebA's own 0.5: " + sheet);
  }
}
