package dev.reslab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of {@code --images}: files given one per value ({@code --images a.png b.png}) or
 * comma-separated ({@code --images a.png,b.png}), the same in every command that takes it. A value
 * that names an existing file is that file, though its name holds a comma.
 */
final class ImageFileNames {
  private ImageFileNames() {}

  static List<Path> expand(List<String> values) {
    List<Path> files = new ArrayList<>();
    for (String v : values) {
      if (!v.contains(",") || Files.exists(Path.of(v))) {
        files.add(Path.of(v));
        continue;
      }
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          files.add(Path.of(part));
        }
      }
    }
    return List.copyOf(files);
  }
}
