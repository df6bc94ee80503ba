package dev.dgmspark.audit;

import static dev.dgmspark.audit.AuditPlan.Action.REPLACE;
import static dev.dgmspark.audit.AuditPlan.Action.RESUME;
import static dev.dgmspark.audit.AuditPlan.Action.RUN;
import static dev.dgmspark.audit.AuditPlan.Action.SKIP;
import static dev.dgmspark.audit.AuditPlan.Found.FINISHED;
import static dev.dgmspark.audit.AuditPlan.Found.NOTHING;
import static dev.dgmspark.audit.AuditPlan.Found.RESUMABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuditPlan}: finished stages are kept until one before them runs; then everything after runs again. */
class AuditPlanTest {
  @Test
  void aFreshFolderRunsEveryStage() {
    assertEquals(List.of(RUN, RUN, RUN, RUN), AuditPlan.decide(List.of(NOTHING, NOTHING, NOTHING, NOTHING), false));
  }

  @Test
  void finishedStagesAreKeptAndTheFirstUnfinishedOneRuns() {
    assertEquals(List.of(SKIP, SKIP, RUN, RUN), AuditPlan.decide(List.of(FINISHED, FINISHED, NOTHING, NOTHING),
        false));
    assertEquals(List.of(SKIP, SKIP, SKIP, SKIP), AuditPlan.decide(List.of(FINISHED, FINISHED, FINISHED, FINISHED),
        false));
  }

  @Test
  void aStageAfterOneThatRanIsReplacedEvenWhenFinished() {
    assertEquals(List.of(SKIP, RESUME, REPLACE, REPLACE),
        AuditPlan.decide(List.of(FINISHED, RESUMABLE, FINISHED, FINISHED), false));
    assertEquals(List.of(RUN, REPLACE, RUN, REPLACE),
        AuditPlan.decide(List.of(NOTHING, FINISHED, NOTHING, FINISHED), false));
  }

  @Test
  void aResumableTrainingAfterAStageThatRanStartsOver() {
    // Its shards changed: continuing the old checkpoints would train on other data.
    assertEquals(List.of(RUN, RUN, RUN), AuditPlan.decide(List.of(NOTHING, RESUMABLE, NOTHING), false));
  }

  @Test
  void overwriteRunsEveryStage() {
    assertEquals(List.of(REPLACE, RUN, REPLACE, RUN), AuditPlan.decide(List.of(FINISHED, RESUMABLE, FINISHED,
        NOTHING), true));
  }
}
