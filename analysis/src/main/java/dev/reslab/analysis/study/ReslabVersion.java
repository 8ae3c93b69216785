package dev.reslab.analysis.study;

import dev.reslab.model.training.Trainer;

/**
 * The reslab version a run records ({@code development} when running from classes, not a released
 * jar).
 */
final class ReslabVersion {
  private ReslabVersion() {}

  static String current() {
    String v = Trainer.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
