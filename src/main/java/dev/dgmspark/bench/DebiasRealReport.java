package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the runs of {@code scripts/bench-debias-real} into {@code bench-results/debias-real.json} and a Markdown
 * table: per run the dataset, the planted attribute value, the estimator, the features, the value's share before and
 * after, the ratio, the effective sample size, seconds and the load average.
 *
 * <p>Usage: {@code DebiasRealReport <runs.tsv> <result.json> <table.md>}; each line of the TSV is
 * {@code dataset, planted attribute=value, estimator label, features, summary.json path, load average, notes}.
 */
public final class DebiasRealReport {
  private DebiasRealReport() {}

  public static void main(String[] args) throws Exception {
    List<Map<String, Object>> runs = new ArrayList<>();
    StringBuilder table = new StringBuilder("| dataset | planted | estimator | features | rare share before → after "
        + "| ratio | ESS (of rows) | seconds | load average |\n|---|---|---|---|---|---|---|---|---|\n");
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      JsonNode summary = Json.MAPPER.readTree(Path.of(f[4]).toFile());
      String attribute = f[1].substring(0, f[1].indexOf('='));
      String value = f[1].substring(f[1].indexOf('=') + 1);
      JsonNode share = summary.path("attribute_shares").path(attribute).path(value);
      double before = share.path("before").asDouble();
      double after = share.path("after").asDouble();
      long rows = summary.path("input_rows").asLong();
      double ess = summary.path("effective_sample_size").asDouble();
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("dataset", f[0]);
      run.put("planted", f[1]);
      run.put("estimator", f[2]);
      run.put("features", f[3]);
      run.put("rows", rows);
      run.put("share_before", before);
      run.put("share_after", after);
      run.put("ratio", Math.round(after / before * 100) / 100.0);
      run.put("effective_sample_size", ess);
      run.put("effective_sample_fraction", Math.round(ess / rows * 1000) / 1000.0);
      run.put("debias_seconds", summary.path("seconds").asDouble());
      run.put("load_average", f[5]);
      run.put("notes", f.length > 6 ? f[6] : "");
      run.put("summary", summary);
      runs.add(run);
      table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f%% → %.1f%% | %.2fx | %,.0f (%.0f%%) | %.1f "
          + "| %s |%n", f[0], f[1], f[2], f[3], 100 * before, 100 * after, after / before, ess, 100 * ess / rows,
          summary.path("seconds").asDouble(), f[5].split(" ")[0] + " " + f[5].split(" ")[1] + " "
          + f[5].split(" ")[2]));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "debias-real");
    result.put("runs", runs);
    Files.write(Path.of(args[1]), Json.pretty(result));
    Files.writeString(Path.of(args[2]), table.toString(), StandardCharsets.UTF_8);
    System.out.print(table);
  }
}
