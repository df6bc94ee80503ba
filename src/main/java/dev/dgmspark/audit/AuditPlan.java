package dev.dgmspark.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what each stage of an audit does on this run, from what its folder holds: a rerun skips finished stages,
 * resumes a training that stopped after a checkpoint, and runs the rest. Once a stage runs, every later stage runs
 * again too (replacing a finished result), because its input has changed.
 */
public final class AuditPlan {
  private AuditPlan() {}

  /** What a stage's folder holds before the run. */
  public enum Found {
    /** Nothing, or a partial earlier attempt without a checkpoint to resume from (the job cleans it). */
    NOTHING,
    /** A training stopped after a checkpoint: model description and a checkpoint below the epochs asked for. */
    RESUMABLE,
    /** A finished run ({@link AuditStage#MARKER}). */
    FINISHED
  }

  /** What a stage does on this run. */
  public enum Action {
    /** Keep the finished result. */
    SKIP,
    /** Continue the training from its last checkpoint. */
    RESUME,
    /** Run into an empty folder or over a partial attempt. */
    RUN,
    /** Run and replace a finished result that an earlier stage's new output makes stale. */
    REPLACE;

    /** Whether the stage's job runs. */
    public boolean runs() {
      return this != SKIP;
    }

    /** As logs spell it. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The action of each stage, in stage order.
   *
   * @param found what each stage's folder holds, in stage order
   * @param overwrite run every stage again, replacing finished results
   */
  public static List<Action> decide(List<Found> found, boolean overwrite) {
    List<Action> actions = new ArrayList<>(found.size());
    boolean upstreamRan = false;
    for (Found f : found) {
      Action action;
      if (overwrite || upstreamRan) {
        action = f == Found.FINISHED ? Action.REPLACE : Action.RUN;
      } else if (f == Found.FINISHED) {
        action = Action.SKIP;
      } else if (f == Found.RESUMABLE) {
        action = Action.RESUME;
      } else {
        action = Action.RUN;
      }
      upstreamRan |= action.runs();
      actions.add(action);
    }
    return List.copyOf(actions);
  }
}
