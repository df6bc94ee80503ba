package dev.dgmspark.train;

import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.common.Provenance;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;

/**
 * The parts of a training run's {@code summary.json} that every trainer writes: what ran and how fast first, the data
 * and provenance last; each trainer puts its own figures in between.
 */
public final class TrainingSummary {
  private TrainingSummary() {}

  /** What ran and how fast: the head of the summary, to which the trainer adds its own figures. */
  public static Map<String, Object> start(String model, Path out, int epochs, int firstEpoch, long examplesTrained,
      double trainSeconds, double seconds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("job", "train");
    summary.put("model", model);
    summary.put("out", out.toString());
    summary.put("epochs", epochs);
    summary.put("first_epoch_this_run", firstEpoch);
    summary.put("examples_trained_this_run", examplesTrained);
    summary.put("train_seconds", round(trainSeconds));
    summary.put("examples_per_second", round(examplesTrained / Math.max(trainSeconds, 1e-9)));
    summary.put("seconds", round(seconds));
    return summary;
  }

  /**
   * Adds the configuration, the data and the provenance, writes {@code summary.json} into {@code out} (last: its
   * presence marks a finished run) and logs where the model is.
   */
  public static void finish(Map<String, Object> summary, Map<String, Object> config, Path indexFile, String indexSha,
      long rows, Map<String, Object> options, Instant startedAt, Path out, Configuration conf, Logger log)
      throws IOException {
    summary.put("config", config);
    summary.put("data_index", indexFile.toString());
    summary.put("data_index_sha256", indexSha);
    summary.put("data_rows", rows);
    summary.put("provenance", Provenance.of("train", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    log.info("train: done in {} s; model {}, metrics {}", summary.get("seconds"), new Path(out, ModelFolder.MODEL),
        new Path(out, ModelFolder.METRICS));
  }

  /** Three decimals, as the summaries print figures. */
  public static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
