package dev.reslab.model.resnet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.json.JsonFileError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a member of the ResNet family (basic blocks). Invalid values fail here,
 * at build time, with one sentence naming the bad value.
 *
 * @param stem {@code cifar} or {@code imagenet}
 * @param depths blocks per stage (ResNet-18: 2,2,2,2); 0 leaves a stage empty
 * @param widths channels per stage before the width factor (ResNet-18: 64,128,256,512); the stem
 *     has the first
 * @param widthFactor multiplies every width: channels = max(1, round(width × factor))
 * @param removed blocks ({@code layer3.1}) and stages ({@code layer3}) removed, see {@link
 *     BlockMask}
 * @param head {@code softmax} over classes or {@code sigmoid} for independent labels
 * @param classes number of classes or labels
 * @param shortcut {@code projection} or {@code zero-pad}
 * @param seed seed of the initial weights
 */
public record ResNetConfig(
    Stem stem,
    List<Integer> depths,
    List<Integer> widths,
    double widthFactor,
    List<String> removed,
    Head head,
    int classes,
    Shortcut shortcut,
    long seed) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Most blocks in one stage: five times ResNet-1202's 200 (the deepest CIFAR ResNet published).
   * Beyond it a typo or a corrupt manifest (fuzzing found depth 311111111) would spin for minutes
   * naming blocks before anything failed.
   */
  public static final int MAX_DEPTH = 1000;

  public ResNetConfig {
    Objects.requireNonNull(stem, "stem");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(shortcut, "shortcut");
    depths = List.copyOf(Objects.requireNonNull(depths, "depths"));
    widths = List.copyOf(Objects.requireNonNull(widths, "widths"));
    removed = removed == null ? List.of() : List.copyOf(removed);
    if (depths.isEmpty()) {
      throw new IllegalArgumentException("depths must name at least one stage");
    }
    if (widths.size() != depths.size()) {
      throw new IllegalArgumentException(
          "widths " + widths + " must have one entry per stage of depths " + depths);
    }
    for (int d : depths) {
      if (d < 0 || d > MAX_DEPTH) {
        throw new IllegalArgumentException(
            "depth per stage must be 0 to " + MAX_DEPTH + ", got " + d + " in " + depths);
      }
    }
    for (int w : widths) {
      if (w < 1) {
        throw new IllegalArgumentException(
            "stage width must be at least 1, got " + w + " in " + widths);
      }
    }
    if (!(widthFactor > 0) || Double.isInfinite(widthFactor)) {
      throw new IllegalArgumentException(
          "width factor must be a positive number, got " + widthFactor);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("number of classes must be at least 1, got " + classes);
    }
    BlockMask.of(removed).validate(depths);
  }

  /** The removed blocks and stages. */
  @JsonIgnore
  public BlockMask mask() {
    return BlockMask.of(removed);
  }

  /** Channels of stage {@code stage} (1-based) after the width factor. */
  public int stageWidth(int stage) {
    return scaled(widths.get(stage - 1));
  }

  /** Channels of the stem. */
  @JsonIgnore
  public int stemWidth() {
    return stageWidth(1);
  }

  private int scaled(int width) {
    return (int) Math.max(1, Math.round(width * widthFactor));
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A builder with ResNet-18's defaults (cifar stem, 10 classes, softmax, projection, seed 0). */
  public static Builder builder() {
    return new Builder(ResNetPreset.RESNET18.config());
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the configuration as JSON", e);
    }
  }

  /**
   * Reads a configuration written by {@link #toJson()}, or the model of a run's {@code config.json}
   * (its {@code "model"} object); errors name the file.
   */
  public static ResNetConfig fromJson(Path file) {
    boolean inRun = false;
    try {
      JsonNode tree = JSON.readTree(file.toFile());
      if (tree == null || tree.isMissingNode()) {
        throw new IllegalArgumentException(
            file + " is empty; expected a model configuration (JSON)");
      }
      if (tree != null
          && tree.isObject()
          && tree.get("model") != null
          && tree.get("model").isObject()
          && tree.get("stem") == null) {
        tree = tree.get("model"); // a run's configuration: start from its model
        inRun = true;
      }
      return JSON.treeToValue(tree, ResNetConfig.class);
    } catch (JsonProcessingException e) {
      if (inRun && e instanceof JsonMappingException m) {
        m.prependPath(null, "model"); // where in the file it is
      }
      throw JsonFileError.of(file, e); // field, line, column, expected and found
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(
          file
              + ": not a valid model configuration: "
              + cause.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  public static ResNetConfig fromJson(String json) {
    try {
      return JSON.readValue(json, ResNetConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a valid model configuration: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** Settings of a {@link ResNetConfig}; {@link #build()} validates them. */
  public static final class Builder {
    private Stem stem;
    private List<Integer> depths;
    private List<Integer> widths;
    private double widthFactor;
    private List<String> removed;
    private Head head;
    private int classes;
    private Shortcut shortcut;
    private long seed;

    private Builder(ResNetConfig c) {
      stem = c.stem;
      depths = c.depths;
      widths = c.widths;
      widthFactor = c.widthFactor;
      removed = c.removed;
      head = c.head;
      classes = c.classes;
      shortcut = c.shortcut;
      seed = c.seed;
    }

    public Builder stem(Stem stem) {
      this.stem = stem;
      return this;
    }

    public Builder depths(int... depths) {
      return depths(Arrays.stream(depths).boxed().toList());
    }

    public Builder depths(List<Integer> depths) {
      this.depths = new ArrayList<>(depths);
      return this;
    }

    public Builder widths(int... widths) {
      return widths(Arrays.stream(widths).boxed().toList());
    }

    public Builder widths(List<Integer> widths) {
      this.widths = new ArrayList<>(widths);
      return this;
    }

    public Builder widthFactor(double factor) {
      this.widthFactor = factor;
      return this;
    }

    public Builder remove(String... names) {
      return remove(BlockMask.of(names));
    }

    public Builder remove(BlockMask mask) {
      this.removed = List.copyOf(mask.names());
      return this;
    }

    public Builder head(Head head) {
      this.head = head;
      return this;
    }

    public Builder classes(int classes) {
      this.classes = classes;
      return this;
    }

    public Builder shortcut(Shortcut shortcut) {
      this.shortcut = shortcut;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public ResNetConfig build() {
      return new ResNetConfig(
          stem, depths, widths, widthFactor, removed, head, classes, shortcut, seed);
    }
  }
}
