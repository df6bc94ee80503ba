package dev.dgmspark.engine;

import java.util.Locale;

/** How the engine spreads an epoch over the workers. */
public enum TrainerKind {
  /**
   * The engine's own averaging rounds: every worker starts a round from the broadcast state, takes
   * {@code --averaging-frequency} local steps, and the driver averages parameters and updater states. Every family.
   */
  AVERAGING,
  /** dl4j-spark's {@code ParameterAveragingTrainingMaster}: single-network families (ae, vae, betavae) only. */
  DL4J_SPARK;

  /** The command-line name, also its JSON form. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return label();
  }
}
