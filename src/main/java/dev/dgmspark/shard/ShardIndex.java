package dev.dgmspark.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The {@code index.json} of a shard folder: every shard file with its row count, size and checksum, plus the image
 * size, channels, attribute columns (without the id columns {@value ShardSchema#PAIR_COLUMN} and
 * {@value ShardSchema#TRANSLATED_FROM}) and schema. Later jobs read the shards through it.
 */
public record ShardIndex(int size, int channels, long rows, List<String> attributes,
    List<Map<String, String>> schema, List<Entry> shards) {

  /** File name of the index in a shard folder. */
  public static final String FILE_NAME = "index.json";
  static final String FORMAT = "dgm-spark-shards";

  /** One shard file; {@code file} is relative to the shard folder. */
  public record Entry(String file, long rows, long bytes, String sha256) {}

  /** Writes {@code index.json} into the shard folder {@code folder}, published atomically. */
  public void write(Path folder, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(folder, FILE_NAME), Json.pretty(new IndexFile(FORMAT, 1, size, channels, rows,
        attributes, new Fields(schema), shards)), conf);
  }

  /** The layout of {@code index.json}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  private record IndexFile(String format, int formatVersion, int size, int channels, long rows,
      List<String> attributes, Fields schema, List<Entry> shards) {}

  /** The schema as {@code index.json} writes it: {@code {"fields": [{"name", "type"}, ...]}}. */
  private record Fields(List<Map<String, String>> fields) {}

  /** Reads the index of the shard folder {@code folder}. */
  public static ShardIndex read(Path folder, Configuration conf) throws IOException {
    Path file = new Path(folder, FILE_NAME);
    JsonNode root = Json.MAPPER.readTree(Storage.readAll(file, conf));
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + " is not a dgm-spark shard index");
    }
    List<String> attributes = new ArrayList<>();
    root.path("attributes").forEach(n -> attributes.add(n.asText()));
    List<Map<String, String>> schema = new ArrayList<>();
    root.path("schema").path("fields").forEach(n -> {
      Map<String, String> field = new LinkedHashMap<>();
      field.put("name", n.path("name").asText());
      field.put("type", n.path("type").asText());
      schema.add(field);
    });
    List<Entry> shards = new ArrayList<>();
    root.path("shards").forEach(n -> shards.add(new Entry(n.path("file").asText(), n.path("rows").asLong(),
        n.path("bytes").asLong(), n.path("sha256").asText())));
    return new ShardIndex(root.path("size").asInt(), root.path("channels").asInt(), root.path("rows").asLong(),
        attributes, schema, shards);
  }

  /**
   * Reads the index of a shard folder a user named with {@code option}; a folder without one is a usage error that
   * says so.
   */
  public static ShardIndex readRequired(Path folder, Configuration conf, String option, String given)
      throws IOException {
    if (!Storage.fs(folder, conf).exists(new Path(folder, FILE_NAME))) {
      throw new dev.dgmspark.common.UsageException(option + " " + given + " has no " + FILE_NAME
          + "; give a folder written by 'dgm shard'");
    }
    return read(folder, conf);
  }

  /** True when the shards have the {@value ShardSchema#PAIR_COLUMN} column of a paired dataset. */
  public boolean paired() {
    return schema.stream().anyMatch(f -> ShardSchema.PAIR_COLUMN.equals(f.get("name")));
  }

  /** Full paths of the shard files, for {@code spark.read().parquet(...)}. */
  public String[] shardPaths(Path folder) {
    return shards.stream().map(e -> new Path(folder, e.file()).toString()).toArray(String[]::new);
  }
}
