package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's flags follow the vocabulary written once in the README ("Flag vocabulary"): a
 * flag two commands share is in it with the kind of value it takes; hidden flags are old spellings
 * whose new spelling the command has.
 */
class CliVocabularyTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  /** Hidden on purpose, not old spellings. */
  private static final Set<String> INTERNAL = Set.of("--in-this-jvm");

  /**
   * The rows of the README table that follows {@code heading}: first cell's flags → the second
   * cell's codes.
   */
  private static Map<String, List<List<String>>> table(String heading) throws IOException {
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf(heading);
    assertTrue(start >= 0, "README has no line '" + heading + "'");
    Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        String[] cells = line.split("\\|");
        if (cells.length < 3 || cells[1].contains("---") || !cells[1].contains("`--")) {
          continue;
        }
        List<String> values = codes(cells[2]);
        for (String flag : codes(cells[1])) {
          rows.computeIfAbsent(flag.split(" ")[0], k -> new ArrayList<>()).add(values);
        }
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  private static List<String> codes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Every command, the top one included, by its full name. */
  private static Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> all = new TreeMap<>();
    collect(ReslabCommand.commandLine(), all);
    return all;
  }

  private static void collect(CommandLine cl, Map<String, CommandSpec> into) {
    into.put(cl.getCommandSpec().qualifiedName(" "), cl.getCommandSpec());
    for (CommandLine sub : new HashSet<>(cl.getSubcommands().values())) {
      collect(sub, into);
    }
  }

  private static List<OptionSpec> ownOptions(CommandSpec spec) {
    return spec.options().stream()
        .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp())
        .toList();
  }

  @Test
  void everyCommandFollowsTheVocabulary() throws IOException {
    Map<String, List<List<String>>> vocabulary = table("## Flag vocabulary");
    Map<String, Set<String>> usedBy = new HashMap<>();
    List<String> problems = new ArrayList<>();
    commands()
        .forEach(
            (command, spec) -> {
              for (OptionSpec o : ownOptions(spec)) {
                if (o.hidden()) {
                  continue;
                }
                for (String name : o.names()) {
                  usedBy.computeIfAbsent(name, k -> new TreeSet<>()).add(command);
                  List<List<String>> rows = vocabulary.get(name);
                  if (rows != null
                      && !rows.get(0).isEmpty()
                      && o.arity().max() > 0
                      && !rows.get(0).contains(o.paramLabel())) {
                    problems.add(
                        command
                            + " "
                            + name
                            + " takes "
                            + o.paramLabel()
                            + ", the vocabulary says "
                            + rows.get(0));
                  }
                }
              }
            });
    usedBy.forEach(
        (name, users) -> {
          if (users.size() > 1 && !vocabulary.containsKey(name) && !name.equals("--help")) {
            problems.add(
                name + " is shared by " + users + " but not in the README's flag vocabulary");
          }
        });
    assertEquals(List.of(), problems);
  }

  /**
   * Flags the vocabulary says are "only in" some commands (training settings): no other command
   * lists them, since a flag a command lists but ignores (eval's --no-augment) misleads.
   */
  @Test
  void flagsOnlySomeCommandsUseAreListedByNoOther() throws IOException {
    List<String> lines = Files.readAllLines(README);
    Map<String, List<String>> onlyIn = new LinkedHashMap<>();
    for (String line : lines.subList(lines.indexOf("## Flag vocabulary"), lines.size())) {
      String[] cells = line.split("\\|");
      if (line.startsWith("|") && cells.length > 3 && cells[3].contains("only in ")) {
        String list = cells[3].substring(cells[3].indexOf("only in "));
        List<String> users =
            codes(list.contains("(") ? list.substring(0, list.indexOf('(')) : list).stream()
                .map(c -> "reslab " + c)
                .toList();
        codes(cells[1]).forEach(flag -> onlyIn.put(flag.split(" ")[0], users));
      }
    }
    assertTrue(onlyIn.containsKey("--no-augment"), "README rows say 'only in': " + onlyIn);
    List<String> problems = new ArrayList<>();
    commands()
        .forEach(
            (command, spec) -> {
              for (OptionSpec o : ownOptions(spec)) {
                List<String> users = onlyIn.get(o.longestName());
                if (!o.hidden() && users != null && !users.contains(command)) {
                  problems.add(
                      command + " lists " + o.longestName() + ", which only " + users + " use");
                }
              }
            });
    assertEquals(List.of(), problems);
  }

  @Test
  void hiddenFlagsAreOldSpellingsOfFlagsTheCommandHas() throws IOException {
    Map<String, List<List<String>>> old =
        table(
            "Old spellings still work for one release, print one line naming the "
                + "new spelling, and are hidden from `--help`:");
    List<String> problems = new ArrayList<>();
    commands()
        .forEach(
            (command, spec) -> {
              for (OptionSpec o : ownOptions(spec)) {
                String name = o.longestName();
                if (!o.hidden() || INTERNAL.contains(name)) {
                  continue;
                }
                List<List<String>> rows = old.get(name);
                if (rows == null) {
                  problems.add(
                      command
                          + " hides "
                          + name
                          + ", which the README's old spellings do not list");
                  continue;
                }
                boolean successorHere =
                    rows.stream()
                        .flatMap(List::stream)
                        .map(n -> n.split(" ")[0])
                        .anyMatch(n -> spec.findOption(n) != null && !spec.findOption(n).hidden());
                if (!successorHere) {
                  problems.add(
                      command + " hides " + name + " but has none of its new spellings " + rows);
                }
              }
            });
    assertEquals(List.of(), problems);
  }

  @Test
  void anOldSpellingStillWorksAndSaysTheNewOne() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    CliRun run;
    try {
      run =
          CliRun.of("summary", "--preset", "resnet20", "--widths", "8,16,32", "--input-size", "16");
    } finally {
      System.setErr(saved);
    }
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("[N, 4, 4, 32]"), run.out());
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertTrue(warnings.contains("reslab: --widths is now --stage-widths"), warnings);
    assertTrue(warnings.contains("reslab: --input-size is now --image-size"), warnings);
  }

  @Test
  void helpTextsRenderCleanlyAndSummariesAreWholeSentences() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<String> cut = new ArrayList<>();
    try {
      commands()
          .forEach(
              (command, spec) -> {
                spec.commandLine().getUsageMessage();
                String[] description = spec.usageMessage().description();
                if (description.length > 0 && !description[0].strip().matches("(?s).*[.)]$")) {
                  cut.add(command + ": " + description[0]);
                }
              });
    } finally {
      System.setErr(saved);
    }
    // A bare % in a description makes picocli print a format warning and drop the text.
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
    assertEquals(
        List.of(), cut, "one-line summaries (the first description line) must end a sentence");
  }

  @Test
  void unknownOptionsGetSuggestions() {
    CliRun run = CliRun.of("summary", "--widht-factor", "0.5");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Possible solutions: --width-factor"), run.err());
  }
}
