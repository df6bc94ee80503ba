package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Collects the runs of {@code scripts/bench-trilemma} into {@code bench-results/trilemma.json} and a Markdown table:
 * per generator its training (epochs, seconds, examples/s) and what {@code evaluate} measured of its samples —
 * quality (Fréchet ratio to the real-vs-real floor, precision, the two-sample classifier's accuracy), coverage
 * (recall, attribute values covered) and sampling speed — with the real-vs-real floor as the first row.
 *
 * <p>Usage: {@code TrilemmaReport <runs.tsv> <result.json> <table.md>}; each line of the TSV is
 * {@code name, train summary.json, evaluation.json, load average, train options}.
 */
public final class TrilemmaReport {
  private TrilemmaReport() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList();
    ArrayNode runs = Json.MAPPER.createArrayNode();
    StringBuilder table = new StringBuilder("| generator | epochs (train s) | `frechet_ratio` | `precision` | "
        + "`recall` | `c2st_accuracy` | attribute values covered | samples/s | load average |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    boolean floorWritten = false;
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      JsonNode train = Json.MAPPER.readTree(Path.of(f[1]).toFile());
      JsonNode evaluation = Json.MAPPER.readTree(Path.of(f[2]).toFile());
      if (!floorWritten) {
        JsonNode floor = evaluation.path("real_vs_real");
        table.append(String.format(Locale.ROOT, "| real vs real (floor: %d and %d held-out images) | | 1.0 (%.2f) | "
            + "%.3f | %.3f | %.3f | | | |%n", evaluation.path("real_images").asInt(),
            evaluation.path("floor_images").asInt(), floor.path("frechet_distance").asDouble(),
            floor.path("precision").asDouble(), floor.path("recall").asDouble(),
            floor.path("c2st_accuracy").asDouble()));
        floorWritten = true;
      }
      JsonNode attributes = evaluation.path("attributes");
      ObjectNode run = Json.MAPPER.createObjectNode();
      run.put("generator", f[0]);
      run.put("model_kind", train.path("model").asText());
      run.put("train_options", f.length > 4 ? f[4] : "");
      run.put("epochs", train.path("epochs").asInt());
      run.put("train_seconds", train.path("train_seconds").asDouble());
      run.put("examples_per_second", train.path("examples_per_second").asDouble());
      for (String key : List.of("frechet_ratio", "frechet_distance", "frechet_floor", "precision", "recall",
          "c2st_accuracy", "attribute_coverage", "mean_attribute_tv_distance", "images_per_second",
          "generated_images")) {
        run.set(key, evaluation.path(key));
      }
      JsonNode sampler = evaluation.path("sampling").path("sampler");
      if (!sampler.isMissingNode()) {
        run.set("sampler", sampler);
        run.set("sampling_steps", evaluation.path("sampling").path("steps"));
      }
      run.put("load_average", f[3]);
      run.put("evaluation", f[2]);
      runs.add(run);
      String[] load = f[3].split(" ");
      table.append(String.format(Locale.ROOT, "| %s | %d (%.0f) | %.1f | %.3f | %.3f | %.3f | %d/%d | %.1f | %s %s %s "
          + "|%n", f[0] + (sampler.isMissingNode() ? "" : String.format(Locale.ROOT, " (%s, %d steps, %d images)",
          sampler.asText(), evaluation.path("sampling").path("steps").asInt(),
          evaluation.path("generated_images").asInt())), train.path("epochs").asInt(), train.path("train_seconds").asDouble(),
          evaluation.path("frechet_ratio").asDouble(), evaluation.path("precision").asDouble(),
          evaluation.path("recall").asDouble(), evaluation.path("c2st_accuracy").asDouble(),
          attributes.path("values_covered").asInt(), attributes.path("values_checked").asInt(),
          evaluation.path("images_per_second").asDouble(), load[0], load[1], load[2]));
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("benchmark", "trilemma");
    result.set("runs", runs);
    Files.write(Path.of(args[1]), Json.pretty(result));
    Files.writeString(Path.of(args[2]), table.toString(), StandardCharsets.UTF_8);
    System.out.print(table);
  }
}
