package dev.dgmspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dgmspark.testing.LogCapture;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link ProgressLog}: a line at most every interval, always one at the end, with counts, share, rate and the time
 * left at that rate (750 pictures at 50/s: 15 s).
 */
class ProgressLogTest {
  private static final long SECOND = 1_000_000_000L;

  private static List<String> lines(LogCapture log, String name) {
    return Arrays.stream(log.text().split("\n")).filter(l -> l.contains(name + ": ")).toList();
  }

  @Test
  void unitsAreLoggedAtMostEveryIntervalAndAtTheEnd() {
    AtomicLong clock = new AtomicLong(100 * SECOND);
    try (LogCapture log = LogCapture.start()) {
      ProgressLog progress = new ProgressLog(LoggerFactory.getLogger("dev.dgmspark.test.Progress"), "pictures-test",
          0, 1000, "pictures", 5 * SECOND, clock::get);
      clock.addAndGet(2 * SECOND);
      progress.unitsDone(100);   // 2 s in: too soon for a line
      clock.addAndGet(3 * SECOND);
      progress.unitsDone(150);   // 5 s in: a line, 250 pictures in 5 s
      clock.addAndGet(1 * SECOND);
      progress.unitsDone(250);   // 1 s after the last line: none
      clock.addAndGet(1 * SECOND);
      progress.unitsDone(500);   // done: a line whatever the time, 1000 pictures in 7 s
      assertEquals(List.of(
          "INFO dev.dgmspark.test.Progress: pictures-test: 250/1,000 pictures (25%), 50 pictures/s, ETA 15 s",
          "INFO dev.dgmspark.test.Progress: pictures-test: 1,000/1,000 pictures (100%), 143 pictures/s"),
          lines(log, "pictures-test"));
      assertEquals(1000, progress.unitsDone());
    }
  }

  @Test
  void timeLeftReadsInSecondsMinutesOrHours() {
    assertEquals("0 s", ProgressLog.duration(0.2));
    assertEquals("59 s", ProgressLog.duration(59));
    assertEquals("3 min 05 s", ProgressLog.duration(185));
    assertEquals("2 h 07 min", ProgressLog.duration(2 * 3600 + 7 * 60 + 40));
  }

  @Test
  void partsAreCountedAndTheLastPartEndsTheWork() {
    AtomicLong clock = new AtomicLong();
    try (LogCapture log = LogCapture.start()) {
      ProgressLog progress = new ProgressLog(LoggerFactory.getLogger("dev.dgmspark.test.Progress"), "tasks-test", 3,
          60, "files", 5 * SECOND, clock::get);
      clock.addAndGet(SECOND);
      progress.partDone(10);
      progress.partDone(20);
      clock.addAndGet(SECOND);
      progress.partDone(30);
      assertEquals(List.of("INFO dev.dgmspark.test.Progress: tasks-test: 3/3 tasks, 60/60 files (100%), 30 files/s"),
          lines(log, "tasks-test"));
    }
  }
}
