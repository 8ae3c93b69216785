package dev.reslab.analysis.explain;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/** Session fetches read back by name instead of by their position in the run. */
final class NamedFetches {
  private final Session.Runner runner;
  private final Map<String, Integer> index = new HashMap<>();

  NamedFetches(Session.Runner runner) {
    this.runner = runner;
  }

  NamedFetches fetch(String name, Operand<?> op) {
    if (index.putIfAbsent(name, index.size()) != null) {
      throw new IllegalStateException("fetch '" + name + "' requested twice");
    }
    runner.fetch(op);
    return this;
  }

  Values run() {
    return new Values(runner.run(), index);
  }

  /** The fetched tensors; closing this closes them. */
  static final class Values implements AutoCloseable {
    private final Result result;
    private final Map<String, Integer> index;

    private Values(Result result, Map<String, Integer> index) {
      this.result = result;
      this.index = index;
    }

    Tensor get(String name) {
      Integer i = index.get(name);
      if (i == null) {
        throw new IllegalStateException("nothing was fetched as '" + name + "'");
      }
      return result.get(i);
    }

    @Override
    public void close() {
      result.close();
    }
  }
}
