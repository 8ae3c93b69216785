package dev.reslab.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven user's view: a fresh project outside the reactor with the README's pom.xml compiles the
 * README's library programs (the snippets pasted as it says, after its import block) and a class
 * using explanations, and JUnit is not on its compile classpath. The reactor's jars are installed
 * by hand into a temporary local repository (never ~/.m2); third-party artifacts come from ~/.m2
 * used as a file repository, so nothing is downloaded. Needs the module jars, i.e. runs in {@code
 * mvn verify}; skipped under {@code mvn test}.
 */
class ConsumerProjectTest {
  private static final List<String> MODULES =
      List.of("core", "resnet-model", "data-loaders", "interop", "analysis");

  @TempDir Path tmp;

  @Test
  void theReadmesProjectCompilesItsProgramsWithoutJUnit() throws Exception {
    String version = System.getProperty("reslab.version", "0.1.0-SNAPSHOT");
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (String module : MODULES) {
      Assumptions.assumeTrue(
          Files.isRegularFile(jar(root, module, version)),
          "no " + jar(root, module, version) + ": run mvn verify (package) first");
    }
    Path repo = tmp.resolve("repo");
    install(repo, "reslab-parent", version, root.resolve("pom.xml"), null);
    for (String module : MODULES) {
      install(
          repo,
          module,
          version,
          root.resolve(module).resolve("pom.xml"),
          jar(root, module, version));
    }
    Path project = Files.createDirectories(tmp.resolve("consumer"));
    String userRepo =
        Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
    // The README's pom, as a reader copies it, reading third-party artifacts from ~/.m2 (offline)
    ReadmeSnippetsTest.LibrarySection readme = ReadmeSnippetsTest.LibrarySection.read();
    assertTrue(readme.pom().contains("<version>" + version + "</version>"), readme.pom());
    Files.writeString(
        project.resolve("pom.xml"),
        readme
            .pom()
            .replace(
                "</properties>",
                """
                </properties>
                <repositories><repository><id>user-m2</id><url>%1$s</url></repository></repositories>
                <pluginRepositories><pluginRepository><id>user-m2</id><url>%1$s</url></pluginRepository></pluginRepositories>
                """
                    .formatted(userRepo)));
    Path lab = Files.createDirectories(project.resolve("src/main/java/lab"));
    // (a)-(b) and (c)-(e) pasted into two programs, as the README says
    writeProgram(
        lab,
        "Lab1",
        readme,
        List.of("surgery", "summary", "train"),
        "Path run = Path.of(\"run\");");
    writeProgram(
        lab,
        "Lab2",
        readme,
        List.of("import", "evaluate", "gradcam", "export"),
        "Path run = Path.of(\"r20\"); Path weights = Path.of(\"r20.th\"); Path out = Path.of(\"x\");");
    Path source = Files.createDirectories(project.resolve("src/main/java/example"));
    Files.writeString(
        source.resolve("Explain.java"),
        """
        package example;

        import dev.reslab.analysis.explain.CamMethod;
        import dev.reslab.analysis.explain.ExplainableModel;
        import dev.reslab.analysis.explain.GradCam;
        import java.nio.file.Path;

        public class Explain {
          public static int layers(Path run) {
            try (ExplainableModel model = ExplainableModel.open(run)) {
              return GradCam.forStages(model).layers().size() + CamMethod.values().length;
            }
          }
        }
        """);
    Path classpath = tmp.resolve("classpath.txt");
    Path log = tmp.resolve("mvn.log");
    String mvn =
        System.getProperty("maven.home") == null
            ? "mvn"
            : Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                mvn,
                "-B",
                "-q",
                "-Dmaven.repo.local=" + repo,
                "compile",
                "dependency:build-classpath",
                "-Dmdep.includeScope=compile",
                "-Dmdep.outputFile=" + classpath));
    Process p =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "mvn did not finish");
    if (p.exitValue() != 0) {
      throw new AssertionError("the consumer project did not build:\n" + tail(log));
    }
    assertTrue(Files.isRegularFile(project.resolve("target/classes/example/Explain.class")));
    assertTrue(Files.isRegularFile(project.resolve("target/classes/lab/Lab2.class")));
    String cp = Files.readString(classpath);
    assertTrue(cp.contains("analysis-" + version + ".jar"), cp);
    assertTrue(cp.contains("tensorflow-core-api"), cp);
    List<String> jars = List.of(cp.strip().split(File.pathSeparator));
    List<String> testing =
        jars.stream()
            .map(j -> Path.of(j).getFileName().toString())
            .filter(
                name ->
                    name.startsWith("junit")
                        || name.startsWith("opentest4j")
                        || name.startsWith("apiguardian"))
            .toList();
    assertTrue(testing.isEmpty(), "JUnit on the compile classpath: " + testing);
    assertFalse(jars.stream().anyMatch(j -> j.contains("pdfbox")), "PDF libraries: " + cp);
  }

  /** A class whose main is the README's snippets {@code tags}, after its import block. */
  private static void writeProgram(
      Path dir,
      String name,
      ReadmeSnippetsTest.LibrarySection readme,
      List<String> tags,
      String paths)
      throws IOException {
    StringBuilder body = new StringBuilder();
    for (String tag : tags) {
      String key =
          readme.snippets().keySet().stream()
              .filter(k -> k.endsWith("#" + tag))
              .findFirst()
              .orElseThrow(() -> new AssertionError("README has no snippet " + tag));
      body.append(readme.snippets().get(key)).append('\n');
    }
    Files.writeString(
        dir.resolve(name + ".java"),
        "package lab;\n\n"
            + readme.imports()
            + "\n\npublic class "
            + name
            + " {\n  public static void main(String[] args) {\n"
            + "Path cifar10 = Path.of(\"data/cifar10\");\n"
            + paths
            + "\n"
            + body
            + "  }\n}\n");
  }

  private static Path jar(Path root, String module, String version) {
    return root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
  }

  /** The layout mvn install writes: groupId/artifactId/version/artifactId-version.{pom,jar}. */
  private static void install(Path repo, String artifact, String version, Path pom, Path jar)
      throws IOException {
    Path dir =
        Files.createDirectories(repo.resolve("dev/reslab").resolve(artifact).resolve(version));
    Files.copy(
        pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(
          jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
