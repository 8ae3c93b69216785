package dev.reslab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README snippets marked {@code <!-- example: Class#TAG -->} (or {@code TAG} alone for {@link
 * FirstHour}) are exactly the region {@code tag::TAG[]} … {@code end::TAG[]} of that example, so
 * what a reader copies compiles and runs ({@link FirstHourTest}, {@link ResearcherExamplesTest}).
 */
class ReadmeSnippetsTest {
  private static final List<String> EXAMPLES =
      List.of("FirstHour", "MaskedResNet18", "PretrainedResNet20");
  private static final List<Path> READMES =
      List.of(
          Path.of("..", "README.md"),
          Path.of("..", "resnet-model", "README.md"),
          Path.of("..", "data-loaders", "README.md"),
          Path.of("..", "analysis", "README.md"),
          Path.of("..", "interop", "README.md"));
  private static final Pattern MARKED =
      Pattern.compile("<!-- example: (?:(\\w+)#)?(\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern IMPORTS =
      Pattern.compile("<!-- example imports: ([\\w, ]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// tag::(\\w+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]", Pattern.DOTALL);

  @Test
  void everyMarkedSnippetIsItsExampleRegion() throws Exception {
    Map<String, String> regions = new LinkedHashMap<>();
    for (String example : EXAMPLES) {
      regions.putAll(regions(example));
    }
    assertEquals(
        List.of(
            "FirstHour#build",
            "FirstHour#train",
            "FirstHour#evaluate",
            "FirstHour#gradcam",
            "FirstHour#export"),
        List.copyOf(regions(FirstHour.class.getSimpleName()).keySet()));
    Set<String> used = new LinkedHashSet<>();
    for (Path readme : READMES) {
      Matcher s = MARKED.matcher(Files.readString(readme));
      boolean any = false;
      while (s.find()) {
        any = true;
        String key = (s.group(1) == null ? "FirstHour" : s.group(1)) + "#" + s.group(2);
        assertTrue(regions.containsKey(key), readme + ": no example region " + key);
        assertEquals(
            regions.get(key), dedent(s.group(3)), readme + ": snippet " + key + " differs");
        used.add(key);
      }
      assertTrue(any, readme + " quotes no example");
    }
    assertTrue(used.containsAll(regions.keySet()), "every example is quoted somewhere: " + used);
  }

  @Test
  void theReadmesImportBlockIsWhatTheExamplesImport() throws Exception {
    Matcher m = IMPORTS.matcher(Files.readString(READMES.get(0)));
    assertTrue(m.find(), "README.md has no import block of the examples");
    Set<String> imports = new TreeSet<>();
    for (String example : m.group(1).split(",\\s*")) {
      Files.readAllLines(Path.of("src/main/java/dev/reslab/examples/" + example + ".java")).stream()
          .filter(l -> l.startsWith("import "))
          .forEach(imports::add);
    }
    assertEquals(String.join("\n", imports), m.group(2).strip());
  }

  /**
   * The root README's library section: its pom.xml, import block and {@code Class#TAG} snippets.
   */
  record LibrarySection(String pom, String imports, Map<String, String> snippets) {
    static LibrarySection read() throws IOException {
      String readme = Files.readString(READMES.get(0));
      String section = readme.substring(readme.indexOf("## Using reslab as a library"));
      Matcher pom = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(section);
      Matcher imports = IMPORTS.matcher(section);
      assertTrue(pom.find() && imports.find(), "README's library section lacks a pom or imports");
      Map<String, String> snippets = new LinkedHashMap<>();
      Matcher s = MARKED.matcher(section);
      while (s.find()) {
        snippets.put(s.group(1) + "#" + s.group(2), s.group(3));
      }
      return new LibrarySection(pom.group(1), imports.group(2).strip(), snippets);
    }
  }

  /** The tagged regions of one example class, as {@code Class#tag}, in file order. */
  private static Map<String, String> regions(String example) throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    Matcher m =
        REGION.matcher(
            Files.readString(Path.of("src/main/java/dev/reslab/examples/" + example + ".java")));
    while (m.find()) {
      regions.put(example + "#" + m.group(1), dedent(m.group(2)));
    }
    return regions;
  }

  private static String dedent(String text) {
    List<String> lines = text.stripTrailing().lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    assertFalse(lines.isEmpty());
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }
}
