package dev.reslab.analysis.study;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Every dimension drawn uniformly (log-uniformly for rates), ignoring history. */
public record RandomSampler() implements Sampler {
  @Override
  public String name() {
    return "random";
  }

  @Override
  public Map<String, String> sample(
      SearchSpace space, List<Trial> finished, boolean maximize, Random rnd) {
    return space.sample(rnd);
  }
}
