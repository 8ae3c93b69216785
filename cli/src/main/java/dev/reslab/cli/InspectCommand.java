package dev.reslab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.interop.savedmodel.SavedModelInfo;
import dev.reslab.interop.savedmodel.SavedModelInspector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reslab inspect DIR}: a SavedModel's tags, signatures, inputs and outputs, as
 * saved_model_cli shows them.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show a SavedModel's tag-sets, signatures (inputs and outputs with dtypes and shapes) and "
          + "variables, like 'saved_model_cli show --all'.",
      "Reads saved_model.pb only; nothing is loaded or run."
    })
final class InspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DIR", description = "a SavedModel directory (holding saved_model.pb)")
  Path dir;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SavedModelInfo info = SavedModelInspector.inspect(dir);
    if (json) {
      spec.commandLine()
          .getOut()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(info.metaGraphs()));
    } else {
      spec.commandLine().getOut().print(info.toText());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
