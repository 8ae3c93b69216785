package dev.reslab.data.download;

import dev.reslab.data.CelebADataset;
import dev.reslab.data.Cifar10Dataset;
import dev.reslab.data.DataException;
import dev.reslab.data.EmptySplitException;
import dev.reslab.data.ImageFolderDataset;
import dev.reslab.data.ImageNetV2Dataset;
import dev.reslab.data.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a data folder and says what is wrong: finds the data sets in it (the folder itself and two
 * levels below), validates each the way its loader would, and checks a {@code SHA256SUMS} file when
 * there is one.
 */
public final class DataVerifier {

  /** One line of the report. */
  public record Finding(Level level, String message) {
    @Override
    public String toString() {
      return level + " " + message;
    }
  }

  public enum Level {
    OK,
    WARN,
    ERROR
  }

  /** All findings; {@link #ok()} when none is an error. */
  public record Report(List<Finding> findings) {
    public boolean ok() {
      return findings.stream().noneMatch(f -> f.level() == Level.ERROR);
    }

    public long count(Level level) {
      return findings.stream().filter(f -> f.level() == level).count();
    }
  }

  private DataVerifier() {}

  /** Verifies {@code dir}. */
  public static Report verify(Path dir) {
    List<Finding> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      out.add(new Finding(Level.ERROR, dir + " is not a folder"));
      return new Report(out);
    }
    checkSums(dir, out);
    int found = 0;
    for (Path d : candidates(dir)) {
      found += check(d, out);
    }
    if (found == 0) {
      out.add(
          new Finding(
              Level.ERROR,
              "no data set found in "
                  + dir
                  + " (looked for cifar-10-batches-bin, "
                  + "CIFAR-10 JPEG train/test folders or tars, list_attr_celeba.txt, ImageNet-V2 class-index folders)"));
    }
    return new Report(out);
  }

  private static List<Path> candidates(Path dir) {
    List<Path> out = new ArrayList<>();
    out.add(dir);
    for (Path a : subdirs(dir)) {
      out.add(a);
      out.addAll(subdirs(a));
    }
    return out;
  }

  private static List<Path> subdirs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Checks {@code d} if it holds a data set; returns how many it found there. */
  private static int check(Path d, List<Finding> out) {
    String name = d.getFileName() == null ? "" : d.getFileName().toString();
    if (Files.isRegularFile(d.resolve("test_batch.bin"))
        || Files.isRegularFile(d.resolve("data_batch_1.bin"))
        || name.equals("cifar-10-batches-bin")) {
      checkCifar(d, out);
      return 1;
    }
    if (Files.isRegularFile(d.resolve(CelebADataset.ATTR_FILE))) {
      checkCeleba(d, out);
      return 1;
    }
    if (hasSplit(d) && !isNumericLayout(d)) {
      checkFolders(d, out);
      return 1;
    }
    if (isNumericLayout(d)) {
      checkImageNetV2(d, out);
      return 1;
    }
    return 0;
  }

  private static boolean hasSplit(Path d) {
    return Stream.of("train", "test")
        .anyMatch(
            s ->
                Files.isRegularFile(d.resolve(s + ".tar"))
                    || (Files.isDirectory(d.resolve(s))
                        && !subdirs(d.resolve(s)).isEmpty()
                        && !d.resolve(s).resolve("train").toFile().exists()));
  }

  private static boolean isNumericLayout(Path d) {
    List<Path> subs = subdirs(d);
    return !subs.isEmpty()
        && subs.stream().allMatch(p -> p.getFileName().toString().matches("\\d{1,3}"));
  }

  private static void checkCifar(Path d, List<Finding> out) {
    for (String f : concat(Cifar10Dataset.TRAIN_FILES, Cifar10Dataset.TEST_FILES)) {
      try {
        long n = Cifar10Dataset.validate(d.resolve(f));
        out.add(
            new Finding(
                n == 10_000 ? Level.OK : Level.WARN,
                d.resolve(f)
                    + ": "
                    + n
                    + " records"
                    + (n == 10_000 ? "" : " (the official file has 10000)")));
      } catch (DataException e) {
        out.add(new Finding(Level.ERROR, e.getMessage()));
      }
    }
  }

  private static void checkCeleba(Path d, List<Finding> out) {
    for (Split split : Split.values()) {
      try {
        CelebADataset data = CelebADataset.open(d, split);
        data.warnings().forEach(w -> out.add(new Finding(Level.WARN, w)));
        long missing =
            data.images().stream()
                .filter(i -> !Files.isRegularFile(d.resolve(CelebADataset.IMAGE_FOLDER).resolve(i)))
                .count();
        out.add(
            new Finding(
                missing == 0 ? Level.OK : Level.ERROR,
                "celeba "
                    + split.label()
                    + ": "
                    + data.images().size()
                    + " images listed"
                    + (missing == 0
                        ? ", all present"
                        : ", "
                            + missing
                            + " missing in "
                            + d.resolve(CelebADataset.IMAGE_FOLDER))));
      } catch (DataException e) {
        out.add(
            new Finding(
                e instanceof EmptySplitException ? Level.WARN : Level.ERROR, e.getMessage()));
      }
    }
  }

  private static void checkFolders(Path d, List<Finding> out) {
    for (Split split : List.of(Split.TRAIN, Split.TEST)) {
      if (!Files.isDirectory(d.resolve(split.label()))
          && !Files.isRegularFile(d.resolve(split.label() + ".tar"))) {
        continue;
      }
      if (!Files.isDirectory(d.resolve(split.label()))) {
        out.add(
            new Finding(
                Level.OK,
                d.resolve(split.label() + ".tar")
                    + ": archive present (unpacked into the cache"
                    + " on first use)"));
        continue;
      }
      try {
        ImageFolderDataset data = ImageFolderDataset.open(d.resolve(split.label()), List.of(), 0);
        out.add(
            new Finding(
                Level.OK,
                d.resolve(split.label())
                    + ": "
                    + data.info().examples()
                    + " images in "
                    + data.info().numLabels()
                    + " classes"));
      } catch (DataException e) {
        out.add(new Finding(Level.ERROR, e.getMessage()));
      }
    }
  }

  private static void checkImageNetV2(Path d, List<Finding> out) {
    try {
      ImageNetV2Dataset data = ImageNetV2Dataset.open(d);
      long classes = subdirs(d).size();
      boolean full = data.info().examples() == 10_000 && classes == 1000;
      out.add(
          new Finding(
              full ? Level.OK : Level.WARN,
              d
                  + ": ImageNet-V2 layout, "
                  + data.info().examples()
                  + " images in "
                  + classes
                  + " class folders"
                  + (full ? "" : " (the full set has 10000 in 1000)")));
    } catch (DataException e) {
      out.add(new Finding(Level.ERROR, e.getMessage()));
    }
  }

  private static void checkSums(Path dir, List<Finding> out) {
    Path sums = dir.resolve("SHA256SUMS");
    if (!Files.isRegularFile(sums)) {
      return;
    }
    int good = 0;
    try {
      for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split("\\s+\\*?", 2);
        if (f.length != 2) {
          out.add(new Finding(Level.ERROR, sums + ": malformed line '" + line + "'"));
          continue;
        }
        Path file = dir.resolve(f[1]);
        if (!Files.isRegularFile(file)) {
          out.add(new Finding(Level.ERROR, file + " is listed in SHA256SUMS but missing"));
          continue;
        }
        String got = Checksum.sha256(f[0]).digestOf(file);
        if (!got.equals(f[0].toLowerCase())) {
          out.add(
              new Finding(
                  Level.ERROR,
                  file + ": sha256 " + got + " differs from SHA256SUMS (" + f[0] + ")"));
        } else {
          good++;
        }
      }
    } catch (IOException e) {
      out.add(new Finding(Level.ERROR, "cannot read " + sums + ": " + e.getMessage()));
    }
    out.add(new Finding(Level.OK, sums + ": " + good + " files match"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
