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
 * Collects the runs of {@code scripts/bench-outliers} into {@code bench-results/outliers.json} and a Markdown table:
 * per run the reconstruction weight, the precision at k (the share of planted images, {@code source=planted}, among
 * the top k = planted count), seconds and the load average.
 *
 * <p>Usage: {@code OutliersBenchReport <planted kind> <runs.tsv> <result.json> <table.md> <model summary.json>}; each
 * line of the TSV is {@code recon weight, summary.json path, load average}.
 */
public final class OutliersBenchReport {
  private static final String ATTRIBUTE = "source";
  private static final String PLANTED = "planted";

  private OutliersBenchReport() {}

  public static void main(String[] args) throws Exception {
    List<Map<String, Object>> runs = new ArrayList<>();
    String kind = args[0];
    StringBuilder table = new StringBuilder("| planted | score | planted images | k | planted in the top k "
        + "| precision at k | seconds | load average |\n|---|---|---|---|---|---|---|---|\n");
    for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      JsonNode summary = Json.MAPPER.readTree(Path.of(f[1]).toFile());
      JsonNode share = summary.path("attribute_shares").path(ATTRIBUTE).path(PLANTED);
      long planted = share.path("rows").asLong();
      long inTop = share.path("in_top").asLong();
      int k = summary.path("top").asInt();
      double weight = Double.parseDouble(f[0]);
      String label = weight == 1 ? "reconstruction only (`--recon-weight 1`)"
          : weight == 0 ? "latent density only (`--recon-weight 0`)"
          : String.format(Locale.ROOT, "both (`--recon-weight %s`)", f[0]);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("recon_weight", weight);
      run.put("rows", summary.path("rows").asLong());
      run.put("planted", planted);
      run.put("k", k);
      run.put("planted_in_top_k", inTop);
      run.put("precision_at_k", Math.round(1e4 * inTop / (double) k) / 1e4);
      run.put("seconds", summary.path("seconds").asDouble());
      run.put("load_average", f[2]);
      run.put("summary", summary);
      runs.add(run);
      String[] load = f[2].split(" ");
      table.append(String.format(Locale.ROOT, "| %s | %s | %d of %,d | %d | %d | %.3f | %.1f | %s %s %s |%n", kind,
          label,
          planted, summary.path("rows").asLong(), k, inTop, inTop / (double) k, summary.path("seconds").asDouble(),
          load[0], load[1], load[2]));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "outliers");
    result.put("planted", kind);
    result.put("model", Json.MAPPER.readTree(Path.of(args[4]).toFile()));
    result.put("runs", runs);
    Files.write(Path.of(args[2]), Json.pretty(result));
    Files.writeString(Path.of(args[3]), table.toString(), StandardCharsets.UTF_8);
    System.out.print(table);
  }
}
