package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CelebA run trained at 32x32 on two of three attributes, evaluated and explained with its data
 * set named: what the run recorded (image size, attributes) holds unless a flag says otherwise, and
 * attributes that are not the run's, in its order, stop with one line instead of being scored
 * against the run's outputs by position.
 */
class RunDataDefaultsTest {
  @TempDir Path tmp;

  @Test
  void namingARunsCelebaKeepsItsImageSizeAndAttributes() throws Exception {
    Path data = celeba(tmp.resolve("celeba"));
    Path run = celebaRun(tmp.resolve("run"), data);

    CliRun recorded = CliRun.of("eval", "--model", run.toString());
    assertEquals(0, recorded.exitCode(), recorded.err());
    CliRun named =
        CliRun.of("eval", "--model", run.toString(), "--dataset", "celeba", "--data", data + "");
    assertEquals(0, named.exitCode(), named.err());
    // the same images at the same size give the same metrics (at CelebA's default 64 they differ)
    assertEquals(metrics(recorded.out()), metrics(named.out()));
    CliRun at64 =
        CliRun.of(
            "eval",
            "--model",
            run.toString(),
            "--dataset",
            "celeba",
            "--data",
            data + "",
            "--image-size",
            "64");
    assertEquals(0, at64.exitCode(), at64.err());
    assertTrue(!metrics(at64.out()).equals(metrics(recorded.out())), at64.out());

    CliRun swapped =
        CliRun.of(
            "eval",
            "--model",
            run.toString(),
            "--dataset",
            "celeba",
            "--data",
            data + "",
            "--attributes",
            "Male,Smiling");
    assertEquals(2, swapped.exitCode(), swapped.err());
    assertEquals(
        "reslab eval: run "
            + run
            + " was trained on 2 labels (Smiling, Male) but celeba here has 2 labels (Male,"
            + " Smiling); its outputs would be scored against the wrong labels",
        swapped.err().strip());

    // an analysis command with the data set named reads the run's two attributes, not all three
    CliRun cam =
        CliRun.of(
            "gradcam",
            "--model",
            run.toString(),
            "--dataset",
            "celeba",
            "--data",
            data + "",
            "--indices",
            "0",
            "--target",
            "1+",
            "--layers",
            "layer1",
            "--deletion-steps",
            "2",
            "--out",
            tmp.resolve("cam").toString());
    assertEquals(0, cam.exitCode(), cam.err());
  }

  /** The lines of eval's output after its first (which says how long it took). */
  private static List<String> metrics(String out) {
    return out.lines().skip(1).toList();
  }

  /** Six images, three attributes; images 1-2 train, 3-6 test. */
  private static Path celeba(Path dir) throws Exception {
    StringBuilder attrs = new StringBuilder("6\r\nSmiling Male Young\r\n");
    StringBuilder partition = new StringBuilder();
    Random r = new Random(3);
    Files.createDirectories(dir.resolve("img_align_celeba"));
    for (int i = 1; i <= 6; i++) {
      String name = String.format("%06d.jpg", i);
      attrs.append(name);
      for (int a = 0; a < 3; a++) {
        attrs.append(r.nextBoolean() ? "  1" : " -1");
      }
      attrs.append("\r\n");
      partition.append(name).append(i <= 2 ? " 0\n" : " 2\n");
      BufferedImage img = new BufferedImage(40, 48, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 40; x++) {
          img.setRGB(x, y, r.nextInt());
        }
      }
      ImageIO.write(img, "png", dir.resolve("img_align_celeba/" + name).toFile());
    }
    Files.writeString(dir.resolve("list_attr_celeba.txt"), attrs);
    Files.writeString(dir.resolve("list_eval_partition.txt"), partition);
    return dir;
  }

  /** A run of fresh weights that records CelebA in {@code data}: Smiling and Male at 32x32. */
  private static Path celebaRun(Path run, Path data) throws Exception {
    AnalysisCommandsTest.writeRun(
        run,
        ResNetPreset.RESNET20.config().toBuilder()
            .depths(1, 1, 1)
            .head(Head.SIGMOID)
            .classes(2)
            .build(),
        "celeba");
    RunDirectory d = RunDirectory.open(run);
    RunConfig c = d.readConfig();
    Map<String, Object> recorded =
        new LinkedHashMap<>(
            DataSpec.of("celeba", data)
                .withAttributes(List.of("Smiling", "Male"))
                .withImageSize(32)
                .toMap());
    recorded.put("normalization", c.data().get("normalization"));
    recorded.put("labels", List.of("Smiling", "Male"));
    d.writeConfig(new RunConfig(c.model(), c.training(), recorded, c.versions(), c.created()));
    return run;
  }
}
