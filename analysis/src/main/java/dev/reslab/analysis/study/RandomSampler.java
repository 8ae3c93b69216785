package dev.reslab.analysis.study;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Every dimension drawn uniformly (log-uniformly for rates), ignoring history. */
public final class RandomSampler implements Sampler {
  @Override
  public Map<String, String> sample(
      SearchSpace space, List<Trial> finished, boolean maximize, Random rnd) {
    return space.sample(rnd);
  }
}
