package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolderException;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard job end to end in local[2]: accounting on a folder of good and bad files, schema, index, reruns. */
class ShardJobTest extends SharedSpark {
  @TempDir java.nio.file.Path dir;
  private java.nio.file.Path input;
  /** Relative path of every input file -> expected reject reason, or null when it must be accepted. */
  private final Map<String, String> expected = new HashMap<>();

  @BeforeEach
  void writeMixedFolder() throws Exception {
    input = Files.createDirectory(dir.resolve("images"));
    Random random = new Random(11);
    for (int i = 0; i < 12; i++) {
      write("good-" + i + ".png", png(picture(64, 64, random), "png"), null);
    }
    write("sub/deeper/nested.png", png(picture(64, 64, random), "png"), null);
    write("wide.jpg", png(picture(120, 80, random), "jpg"), null);
    write("_DSC0001.JPG", png(picture(90, 90, random), "jpg"), null);
    write(".hidden.png", png(picture(32, 32, random), "png"), null);
    BufferedImage grey = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
    write("grey.png", png(grey, "png"), null);

    write("empty.png", new byte[0], "empty");
    write("notes.txt", "not a picture".getBytes(), "not_an_image");
    write("anim.gif", png(picture(20, 20, random), "gif"), "unsupported_format");
    byte[] whole = png(picture(64, 64, random), "png");
    write("cut.png", java.util.Arrays.copyOf(whole, whole.length / 2), "truncated");
    byte[] flipped = png(picture(64, 64, random), "png");
    flipped[flipped.length / 2] ^= 0x55;
    write("flipped.png", flipped, "corrupt");
    write("huge.png", png(picture(200, 200, random), "png"), "too_large");

    Files.writeString(input.resolve("attributes.csv"),
        "file,glasses,hat\ngood-0.png,yes,no\ngood-1.png,no,yes\nsub/deeper/nested.png,no,no\ngone.png,yes,yes\n");
  }

  private void write(String relative, byte[] bytes, String reason) throws Exception {
    java.nio.file.Path file = input.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    expected.put(relative, reason);
  }

  private static BufferedImage picture(int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(random.nextInt(0xffffff)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 6; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillOval(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width), 1 + random.nextInt(height));
    }
    g.dispose();
    return image;
  }

  private static byte[] png(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IllegalStateException("no writer for " + format);
    }
    return out.toByteArray();
  }

  private ShardOptions options(java.nio.file.Path out) {
    // 200x200 = 40,000 pixels is over the limit; every other picture is under it.
    return ShardOptions.of(input.toString(), out.toString()).withMaxPixels(30_000);
  }

  @Test
  void everyInputIsAccountedForExactlyOnce() throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    ShardSummary summary = ShardJob.run(spark, options(out));

    long rejectedExpected = expected.values().stream().filter(r -> r != null).count();
    assertEquals(expected.size(), summary.inputs());
    assertEquals(expected.size() - rejectedExpected, summary.accepted());
    assertEquals(rejectedExpected, summary.rejected());

    // rejects.jsonl: exactly the bad files, each with its reason.
    Map<String, String> rejects = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("rejects.jsonl"))) {
      JsonNode node = Json.MAPPER.readTree(line);
      String relative = input.toUri().relativize(java.net.URI.create(node.get("path").asText())).getPath();
      assertNull(rejects.put(relative, node.get("reason").asText()), "rejected twice: " + relative);
      assertFalse(node.get("detail").asText().isEmpty());
    }
    Map<String, String> expectedRejects = new HashMap<>();
    expected.forEach((k, v) -> {
      if (v != null) {
        expectedRejects.put(k, v);
      }
    });
    assertEquals(expectedRejects, rejects);

    // The shards: exactly the good files, once each, at 64x64x3.
    Dataset<Row> rows = spark.read().parquet(out.resolve("shards").toString());
    List<String> accepted = new ArrayList<>();
    for (Row row : rows.select("image.path").collectAsList()) {
      accepted.add(row.getString(0));
    }
    Set<String> expectedAccepted = new HashSet<>();
    expected.forEach((k, v) -> {
      if (v == null) {
        expectedAccepted.add(k);
      }
    });
    assertEquals(expectedAccepted.size(), accepted.size(), "no duplicates");
    assertEquals(expectedAccepted, new HashSet<>(accepted));
    Set<String> seen = new HashSet<>(accepted);
    seen.retainAll(rejects.keySet());
    assertTrue(seen.isEmpty(), "no file both accepted and rejected");
  }

  @Test
  void summaryJsonHasTheDocumentedKeys() throws Exception {
    java.nio.file.Path out = dir.resolve("keys");
    ShardJob.run(spark, options(out));
    // The keys summary.json had before summaries became typed (ShardJob.commit and the README's shard section).
    List<String> expected = SummaryKeys.withProvenance(List.of("job", "input", "out", "inputs", "accepted",
        "rejected", "reject_reasons", "reject_reasons.*", "converted", "converted.*",
        "accepted_with_decoder_warnings", "shards", "rows", "bytes_read", "output_bytes", "seconds",
        "images_per_second", "task_seconds", "task_seconds.read", "task_seconds.decode", "task_seconds.write",
        "driver_seconds", "driver_seconds.list", "driver_seconds.tasks", "driver_seconds.commit", "listing",
        "listing.mode", "listing.reason", "listing.threshold", "listing.prefixes", "listing.tasks", "listing.files",
        "listing.seconds", "listing.plan_seconds", "attributes",
        "attributes.file", "attributes.columns", "attributes.matched", "attributes.accepted_without_attributes",
        "attributes.rows_without_input"), List.of("input", "out", "size", "channels", "max_pixels", "attributes",
        "no_attributes", "target_shard_bytes", "partitions", "overwrite", "read_ahead", "layout", "listing",
        "listing_threshold"));
    JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    assertEquals(expected, SummaryKeys.of(summary, Set.of("reject_reasons", "converted")));
    assertEquals("shard", summary.path("job").asText());
    assertEquals("shard", summary.path("provenance").path("command").asText());
    assertEquals(30_000, summary.path("provenance").path("options").path("max_pixels").asLong());
    assertEquals("files", summary.path("provenance").path("options").path("layout").asText());
    assertEquals("flat", summary.path("listing").path("mode").asText());
    assertEquals("under_threshold", summary.path("listing").path("reason").asText());
    assertEquals(this.expected.size(), summary.path("listing").path("files").asInt());
    // index.json and a rejects.jsonl line: the keys ShardIndex.toJson and ShardTask.reject wrote before.
    assertEquals(List.of("format", "format_version", "size", "channels", "rows", "attributes", "schema",
        "schema.fields", "shards"), SummaryKeys.of(Json.MAPPER.readTree(out.resolve("index.json").toFile()), Set.of()));
    assertEquals(List.of("path", "reason", "detail", "bytes"),
        SummaryKeys.of(Json.MAPPER.readTree(Files.readAllLines(out.resolve("rejects.jsonl")).get(0)), Set.of()));
  }

  @Test
  void shardsHaveTheDocumentedSchemaAndDecodableImages() throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    ShardJob.run(spark, options(out));
    Dataset<Row> rows = spark.read().parquet(out.resolve("shards").toString());
    StructType schema = rows.schema();
    assertEquals(DataTypes.StringType, schema.apply("id").dataType());
    assertEquals(DataTypes.StringType, schema.apply("path").dataType());
    StructType image = (StructType) schema.apply("image").dataType();
    assertEquals(DataTypes.BinaryType, image.apply("bytes").dataType());
    assertEquals(DataTypes.StringType, image.apply("path").dataType());
    for (String column : new String[] {"height", "width", "channels"}) {
      assertEquals(DataTypes.IntegerType, schema.apply(column).dataType());
    }
    assertEquals(DataTypes.StringType, schema.apply("sha256").dataType());
    assertEquals(DataTypes.StringType, schema.apply("glasses").dataType());
    assertEquals(DataTypes.StringType, schema.apply("hat").dataType());

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Set<String> ids = new HashSet<>();
    for (Row row : rows.collectAsList()) {
      Row img = row.getStruct(row.fieldIndex("image"));
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream((byte[]) img.get(0)));
      assertEquals(64, decoded.getWidth());
      assertEquals(64, decoded.getHeight());
      assertEquals(3, decoded.getColorModel().getNumColorComponents());
      assertEquals(64, row.getInt(row.fieldIndex("height")));
      assertEquals(3, row.getInt(row.fieldIndex("channels")));
      byte[] source = Files.readAllBytes(input.resolve(img.getString(1)));
      assertEquals(HexFormat.of().formatHex(sha.digest(source)), row.getString(row.fieldIndex("sha256")));
      assertTrue(ids.add(row.getString(row.fieldIndex("id"))), "ids are unique");
      String name = img.getString(1);
      String glasses = row.getString(row.fieldIndex("glasses"));
      switch (name) {
        case "good-0.png" -> assertEquals("yes", glasses);
        case "good-1.png" -> assertEquals("yes", row.getString(row.fieldIndex("hat")));
        case "sub/deeper/nested.png" -> assertEquals("no", glasses);
        default -> assertNull(glasses, name + " has no attributes row");
      }
    }
    JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    assertEquals(3, summary.path("attributes").path("matched").asInt());
    assertEquals(1, summary.path("attributes").path("rows_without_input").asInt());
    assertEquals(1, summary.path("converted").path("grey").asInt(), summary.toString());
    assertFalse(Files.exists(out.resolve("_staging")), "staging is removed");
  }

  @Test
  void indexListsEveryShardWithItsTrueSizeRowsAndChecksum() throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    // A tiny target size forces several shard files per task.
    ShardSummary summary = ShardJob.run(spark, options(out).withTargetShardBytes(3_000).withPartitions(2));
    ShardIndex index = ShardIndex.read(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration());
    assertTrue(index.shards().size() > 2, "several shards: " + index.shards().size());
    assertEquals(summary.shards(), index.shards().size());
    long rows = 0;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (var listing = Files.list(out.resolve("shards"))) {
      // Hidden names (the local file system's .crc side files) are not data files; every reader skips them.
      assertEquals(index.shards().size(), listing.filter(p -> !p.getFileName().toString().startsWith(".")).count(),
          "no stray data files in shards/");
    }
    for (ShardIndex.Entry entry : index.shards()) {
      byte[] file = Files.readAllBytes(out.resolve(entry.file()));
      assertEquals(entry.bytes(), file.length);
      assertEquals(entry.sha256(), HexFormat.of().formatHex(sha.digest(file)));
      long count = spark.read().parquet(out.resolve(entry.file()).toString()).count();
      assertEquals(entry.rows(), count);
      rows += count;
    }
    assertEquals(index.rows(), rows);
    assertEquals(summary.accepted(), rows);
    assertEquals(List.of("glasses", "hat"), index.attributes());
  }

  @Test
  void aFinishedRunIsNotOverwrittenWithoutOverwriteAndRerunsAreIdentical() throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    ShardJob.run(spark, options(out));
    byte[] firstIndex = Files.readAllBytes(out.resolve("index.json"));
    OutputFolderException refused = assertThrows(OutputFolderException.class,
        () -> ShardJob.run(spark, options(out)));
    assertEquals(OutputFolderException.Problem.FINISHED_RUN, refused.problem());
    assertArrayEquals(firstIndex, Files.readAllBytes(out.resolve("index.json")), "refusal touches nothing");

    ShardJob.run(spark, options(out).withOverwrite(true));
    JsonNode first = Json.MAPPER.readTree(firstIndex);
    JsonNode second = Json.MAPPER.readTree(out.resolve("index.json").toFile());
    assertEquals(first.get("shards"), second.get("shards"), "same input, same shards, byte for byte");
  }

  @Test
  void greyOutputAndOtherSizes() throws Exception {
    java.nio.file.Path out = dir.resolve("grey-out");
    ShardJob.run(spark, options(out).withSize(32).withChannels(1));
    for (Row row : spark.read().parquet(out.resolve("shards").toString()).select("image.bytes", "width", "channels")
        .collectAsList()) {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream((byte[]) row.get(0)));
      assertEquals(32, decoded.getWidth());
      assertEquals(1, decoded.getColorModel().getNumComponents());
      assertEquals(32, row.getInt(1));
      assertEquals(1, row.getInt(2));
    }
    assertNotNull(ShardIndex.read(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration()));
  }
}
