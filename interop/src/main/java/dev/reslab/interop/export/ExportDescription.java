package dev.reslab.interop.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import dev.reslab.json.JsonFileError;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reslab export says of itself in {@code assets.extra/reslab.json}: the model, and the data
 * facts that decide how image files are read for it (data set, image size, class names), so {@code
 * predict} and the analyses need no {@code --size} for it. Exports made before these facts were
 * recorded have only the model: {@link #imageSize()} is 0 for them.
 *
 * @param file the description file
 * @param model the exported model's configuration
 * @param data the recorded data facts ({@code dataset}, {@code imageSize}, {@code labels}); empty
 *     for an old export
 */
public record ExportDescription(Path file, ResNetConfig model, Map<String, Object> data) {
  /** Where an export keeps its description, relative to the SavedModel folder. */
  public static final String FILE = "assets.extra/reslab.json";

  public ExportDescription {
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** The description of the SavedModel in {@code dir}, if reslab exported it. */
  public static Optional<ExportDescription> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode doc;
    try {
      doc = RunDirectory.JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw JsonFileError.of(file, e);
    } catch (IOException e) {
      throw new ReslabException(file + ": cannot be read: " + IoReason.of(e), e);
    }
    if (doc == null || !doc.isObject() || !doc.has("model")) {
      throw new ReslabException(file + ": not a reslab export description: it has no model");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    if (doc.get("data") != null) {
      data.putAll(field(file, doc, "data", DATA));
    }
    return Optional.of(new ExportDescription(file, field(file, doc, "model", MODEL), data));
  }

  private static final TypeReference<ResNetConfig> MODEL = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {};

  /** {@code doc}'s {@code name} as a {@code type}; errors name the field in the file. */
  private static <T> T field(Path file, JsonNode doc, String name, TypeReference<T> type) {
    try {
      return RunDirectory.JSON.readerFor(type).readValue(doc.get(name));
    } catch (JsonMappingException e) {
      e.prependPath(null, name);
      throw JsonFileError.of(file, e);
    } catch (IOException e) {
      throw new ReslabException(file + ": not a reslab export description: " + e.getMessage(), e);
    }
  }

  /** The side of the square images the model was trained at; 0 when the export does not say. */
  public int imageSize() {
    return data.get("imageSize") instanceof Number n && n.intValue() > 0 ? n.intValue() : 0;
  }

  /** The class (or label) names, one per output; empty when the export does not record them. */
  public List<String> classNames() {
    return data.get("labels") instanceof List<?> l && l.size() == model.classes()
        ? l.stream().map(String::valueOf).toList()
        : List.of();
  }
}
