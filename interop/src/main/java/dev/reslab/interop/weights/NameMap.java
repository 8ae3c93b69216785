package dev.reslab.interop.weights;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.ReslabException;
import dev.reslab.model.layers.ModelVariable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How reslab variable names translate to names in another framework's checkpoint, read from a JSON
 * object whose keys are reslab names and values the source's names. A key may be a whole variable
 * ({@code "conv1/kernel": "conv1_conv/kernel"}) or a layer ({@code "bn1": "conv1_bn"}, then the
 * role is appended: {@code conv1_bn/gamma}); Keras uses reslab's role names (kernel, bias, gamma,
 * beta, moving_mean, moving_variance). Names not in the map are looked up unchanged.
 *
 * @param entries reslab name (variable or layer) to source name
 */
public record NameMap(Map<String, String> entries) {

  public static final NameMap IDENTITY = new NameMap(Map.of());

  public NameMap {
    entries = Map.copyOf(entries);
  }

  /** Reads a JSON object of strings; anything else is an error naming the file. */
  public static NameMap read(Path json) {
    try {
      return new NameMap(
          new ObjectMapper().readValue(json.toFile(), new TypeReference<Map<String, String>>() {}));
    } catch (IOException e) {
      throw new ReslabException(
          "name map "
              + json
              + " is not a JSON object of strings: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  /**
   * The source name for {@code v}: its own entry, else its layer's entry plus the role, else its
   * name.
   */
  public String sourceName(ModelVariable v) {
    String exact = entries.get(v.name());
    if (exact != null) {
      return exact;
    }
    String layer = entries.get(v.layer());
    return layer != null ? layer + "/" + v.role() : v.name();
  }
}
