package dev.reslab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README snippets marked {@code <!-- example: TAG -->} are exactly the region {@code tag::TAG[]} …
 * {@code end::TAG[]} of {@link FirstHour}, so what a reader copies compiles and runs ({@link
 * FirstHourTest}).
 */
class ReadmeSnippetsTest {
  private static final Pattern MARKED =
      Pattern.compile("<!-- example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// tag::(\\w+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]", Pattern.DOTALL);

  @Test
  void everyMarkedSnippetIsItsExampleRegion() throws Exception {
    Map<String, String> regions = new LinkedHashMap<>();
    Matcher m =
        REGION.matcher(
            Files.readString(Path.of("src/main/java/dev/reslab/examples/FirstHour.java")));
    while (m.find()) {
      regions.put(m.group(1), dedent(m.group(2)));
    }
    assertEquals(
        List.of("build", "train", "evaluate", "gradcam", "export"), List.copyOf(regions.keySet()));
    List<String> used = new ArrayList<>();
    for (String module : List.of("resnet-model", "data-loaders", "analysis", "interop")) {
      Path readme = Path.of("..", module, "README.md");
      Matcher s = MARKED.matcher(Files.readString(readme));
      boolean any = false;
      while (s.find()) {
        any = true;
        String tag = s.group(1);
        assertTrue(regions.containsKey(tag), readme + ": no example region " + tag);
        assertEquals(
            regions.get(tag),
            dedent(s.group(2)),
            readme + ": snippet " + tag + " differs from FirstHour");
        used.add(tag);
      }
      assertTrue(any, readme + " quotes no example");
    }
    assertTrue(used.containsAll(regions.keySet()), "every example is quoted somewhere: " + used);
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
