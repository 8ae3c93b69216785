package dev.reslab.interop.torch;

import dev.reslab.ReslabException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A PyTorch {@code state_dict}: tensors by parameter name in file order, with any {@code module.}
 * prefix of {@code DataParallel} removed.
 *
 * @param source the file it came from (for messages)
 * @param tensors parameter name to tensor, e.g. {@code layer1.0.bn1.running_mean}
 */
public record StateDict(Path source, Map<String, TorchTensor> tensors) {

  public StateDict {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  /** The named tensor; an unknown name is an error. */
  public TorchTensor get(String name) {
    TorchTensor t = tensors.get(name);
    if (t == null) {
      throw new ReslabException(source + " has no tensor '" + name + "'");
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public int size() {
    return tensors.size();
  }
}
