package dev.reslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SummaryCommandTest {

  @Test
  void resnet18ImagenetSummaryPrintsTorchvisionParameterCount() {
    CliRun run =
        CliRun.of("summary", "--preset", "resnet18", "--stem", "imagenet", "--classes", "1000");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Trainable parameters: 11,689,512"), run.out());
    assertTrue(
        run.out().contains("Multiply-accumulates per 224x224 image (forward): 1,81"), run.out());
    assertTrue(run.out().contains("layer2.0.downsample.0"), run.out());
  }

  @Test
  void jsonOutputForMachines() throws Exception {
    CliRun run = CliRun.of("summary", "--preset", "resnet20", "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(269_722L, json.get("parameters").asLong());
    assertEquals("zero-pad", json.get("config").get("shortcut").asText());
    assertEquals(
        40_551_040L,
        json.get("multiplyAccumulates").asLong()); // by hand in ResNetParameterCountTest
  }

  @Test
  void maskAndWidthFlagsChangeTheModel() {
    CliRun run =
        CliRun.of(
            "summary",
            "--remove",
            "layer3",
            "--width-factor",
            "0.5",
            "--head",
            "sigmoid",
            "--classes",
            "40");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("RemovedBlock(shortcut)"), run.out());
    assertTrue(run.out().contains("[N, 40]"), run.out());
  }

  @Test
  void badValuesGiveOneLineErrors() {
    CliRun run = CliRun.of("summary", "--width-factor", "-1");
    assertEquals(2, run.exitCode());
    assertEquals(
        "reslab summary: width factor must be a positive number, got -1.0", run.err().strip());
    CliRun unknown = CliRun.of("summary", "--remove", "layer7");
    assertEquals(2, unknown.exitCode());
    assertTrue(
        unknown.err().startsWith("reslab summary: unknown block or stage 'layer7'"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    CliRun flag = CliRun.of("summary", "--classes", "many");
    assertEquals(2, flag.exitCode());
    assertTrue(flag.err().contains("Invalid value for option '--classes'"), flag.err());
  }

  @Test
  void helpWorksForEveryCommand() {
    CliRun top = CliRun.of("--help");
    assertEquals(0, top.exitCode());
    assertTrue(top.out().contains("summary"), top.out());
    CliRun sub = CliRun.of("summary", "--help");
    assertEquals(0, sub.exitCode());
    assertTrue(sub.out().contains("--remove"), sub.out());
  }
}
