package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `train` is given: image folders of any mix of formats, and a run's own config.json. */
class TrainInputsCommandTest {
  @TempDir Path tmp;

  /**
   * Six 32x32 JPEGs, an RGBA and a 16-bit PNG, width 0.125: one batch of 8 (and before it, 7)
   * images reached oneDNN's strided 1x1 backward-weights kernel with 8 input channels, which
   * crashed the JVM.
   */
  @Test
  void trainsOnAnImageFolderMixingJpegAndPngKinds() throws IOException {
    Path data = tmp.resolve("pets");
    Random r = new Random(3);
    for (String c : new String[] {"cat", "dog"}) {
      Files.createDirectories(data.resolve(c));
      for (int i = 0; i < 3; i++) {
        ImageIO.write(
            noise(BufferedImage.TYPE_INT_RGB, r),
            "jpg",
            data.resolve(c + "/j" + i + ".jpg").toFile());
      }
    }
    ImageIO.write(
        noise(BufferedImage.TYPE_INT_ARGB, r), "png", data.resolve("dog/alpha.png").toFile());
    for (int n : new int[] {7, 8}) {
      if (n == 8) {
        ImageIO.write(
            noise(BufferedImage.TYPE_USHORT_GRAY, r), "png", data.resolve("cat/deep.png").toFile());
      }
      CliRun train =
          CliRun.of(
              "train",
              "--dataset",
              "folder",
              "--data",
              data.toString(),
              "--width-factor",
              "0.125",
              "--epochs",
              "1",
              "--batch-size",
              "8",
              "--out",
              tmp.resolve("run" + n).toString());
      assertEquals(0, train.exitCode(), train.err());
      assertTrue(train.out().contains("epoch 1: train_loss"), train.out());
    }
  }

  /**
   * Two images per class: a 10 % holdout holds out none. Training and a study stop before writing
   * anything and say why (before, ImageNet-V2 and CelebA ignored the holdout and validated on their
   * training images).
   */
  @Test
  void aHoldoutThatHoldsOutNothingStopsBeforeAnythingIsWritten() throws IOException {
    Path data = tmp.resolve("few");
    Random r = new Random(4);
    for (String c : new String[] {"cat", "dog"}) {
      Files.createDirectories(data.resolve(c));
      for (int i = 0; i < 2; i++) {
        ImageIO.write(
            noise(BufferedImage.TYPE_INT_RGB, r),
            "jpg",
            data.resolve(c + "/" + i + ".jpg").toFile());
      }
    }
    for (String command : new String[] {"train", "ablate"}) {
      Path out = tmp.resolve(command);
      CliRun run =
          CliRun.of(
              command,
              "--dataset",
              "folder",
              "--data",
              data.toString(),
              "--val-split",
              "holdout",
              "--width-factor",
              "0.125",
              "--epochs",
              "1",
              "--out",
              out.toString());
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(
          "reslab "
              + command
              + ": a 10 % holdout of 4 examples in 2 classes holds out none (a class needs at least"
              + " 5 examples to give one); validate on another split, or on none",
          run.err().strip());
      assertTrue(Files.notExists(out), out + " was written");
    }
  }

  /**
   * A CelebA copy whose partition file puts every image in train, as the team's cut copy does:
   * training that validates on the empty valid partition stops before writing anything and says how
   * to validate instead, and that way trains.
   */
  @Test
  void celebaWithoutValidationImagesSaysHowToValidate() throws IOException {
    Path data = tmp.resolve("celeba");
    StringBuilder attrs = new StringBuilder("20\r\nSmiling Male\r\n");
    StringBuilder partition = new StringBuilder();
    Random r = new Random(5);
    for (int i = 1; i <= 20; i++) {
      String name = String.format("%06d.jpg", i);
      attrs.append(name).append(i % 2 == 0 ? "  1" : " -1").append(i % 3 == 0 ? "  1" : " -1");
      attrs.append("\r\n");
      partition.append(name).append(" 0\n");
      Files.createDirectories(data.resolve("img_align_celeba"));
      ImageIO.write(
          noise(BufferedImage.TYPE_INT_RGB, r),
          "jpg",
          data.resolve("img_align_celeba/" + name).toFile());
    }
    Files.writeString(data.resolve("list_attr_celeba.txt"), attrs);
    Files.writeString(data.resolve("list_eval_partition.txt"), partition);
    String[] small = {
      "--dataset",
      "celeba",
      "--data",
      data.toString(),
      "--image-size",
      "32",
      "--width-factor",
      "0.125",
      "--depths",
      "1,1,1,1",
      "--epochs",
      "1",
      "--batch-size",
      "8"
    };
    String expected =
        data.resolve("list_attr_celeba.txt")
            + " has no images in the valid partition; validate on a held-out part of the training"
            + " split with --val-split holdout, or on nothing with --val-split none";
    for (String command : new String[] {"train", "ablate"}) {
      Path out = tmp.resolve(command + "-valid");
      CliRun run = CliRun.of(concat(new String[] {command, "--out", out.toString()}, small));
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("reslab " + command + ": " + expected, run.err().strip());
      assertTrue(Files.notExists(out), out + " was written");
    }
    // A header that miscounts the rows is warned about once, though hold-out validation reads the
    // file a second time.
    Files.writeString(
        data.resolve("list_attr_celeba.txt"), attrs.toString().replaceFirst("^20", "22"));
    CliRun holdout =
        CliRun.of(
            concat(
                new String[] {
                  "train", "--val-split", "holdout", "--out", tmp.resolve("holdout").toString()
                },
                small));
    assertEquals(0, holdout.exitCode(), holdout.err());
    assertTrue(holdout.out().contains("val_loss"), holdout.out());
    assertEquals(
        1,
        Pattern.compile("says 22 images on line 1")
            .matcher(holdout.out() + holdout.err())
            .results()
            .count(),
        holdout.out() + holdout.err());
  }

  private static BufferedImage noise(int type, Random r) {
    BufferedImage img = new BufferedImage(32, 32, type);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        if (type == BufferedImage.TYPE_USHORT_GRAY) {
          img.getRaster().setSample(x, y, 0, r.nextInt(65536));
        } else {
          img.setRGB(x, y, r.nextInt());
        }
      }
    }
    return img;
  }

  @Test
  void aRunsOwnConfigIsAStartingModel() throws IOException {
    Path first = tmp.resolve("first");
    String[] small = {
      "--dataset",
      "synthetic",
      "--limit-train",
      "64",
      "--limit-val",
      "32",
      "--batch-size",
      "32",
      "--epochs",
      "1"
    };
    CliRun a =
        CliRun.of(
            concat(
                new String[] {
                  "train",
                  "--width-factor",
                  "0.125",
                  "--depths",
                  "1,1,1,1",
                  "--remove",
                  "layer3.0",
                  "--out",
                  first.toString()
                },
                small));
    assertEquals(0, a.exitCode(), a.err());
    Path second = tmp.resolve("second");
    CliRun b =
        CliRun.of(
            concat(
                new String[] {
                  "train",
                  "--config",
                  first.resolve("config.json").toString(),
                  "--out",
                  second.toString()
                },
                small));
    assertEquals(0, b.exitCode(), b.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode model = json.readTree(first.resolve("config.json").toFile()).get("model");
    assertEquals(model, json.readTree(second.resolve("config.json").toFile()).get("model"));
    Path empty = tmp.resolve("empty.json");
    Files.writeString(empty, "");
    CliRun bad =
        CliRun.of(
            concat(
                new String[] {
                  "train", "--config", empty.toString(), "--out", tmp.resolve("third").toString()
                },
                small));
    assertEquals(2, bad.exitCode());
    assertEquals(
        "reslab train: " + empty + " is empty; expected a model configuration (JSON)",
        bad.err().strip());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
