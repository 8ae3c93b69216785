package dev.reslab.cli;

import picocli.CommandLine.Option;

/**
 * The data flags of {@code eval}: a data set and a subset of the one split it reads. Training's
 * subsets, validation split and augmentation mean nothing there, so it does not list them.
 */
public final class EvalDataOptions extends DataSetOptions {

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "evaluate a seeded random subset of N images (default: the whole split)")
  long limit;

  @Option(names = "--limit-val", hidden = true)
  void oldLimit(long n) {
    OldSpelling.used("--limit-val (eval)", "--limit");
    limit = n;
  }
}
