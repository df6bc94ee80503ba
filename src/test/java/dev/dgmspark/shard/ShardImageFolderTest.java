package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.testing.SharedSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shard --layout imagefolder}: the class folder becomes the label column; every file still accounted for. */
class ShardImageFolderTest extends SharedSpark {
  @TempDir Path dir;
  private Path input;

  private static byte[] png(Random random) throws Exception {
    BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        image.setRGB(x, y, random.nextInt(0xffffff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private void write(String relative, byte[] bytes) throws Exception {
    Path file = input.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  @BeforeEach
  void imageFolder() throws Exception {
    input = dir.resolve("root");
    Random random = new Random(6);
    write("cat/a.png", png(random));
    write("cat/sub/b.png", png(random));
    write("dog/c.png", png(random));
    write("dog/broken.png", "not a picture".getBytes());
    write("loose.png", png(random));
  }

  private Map<String, Row> rowsByPath(Path out) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : spark.read().parquet(out.resolve("shards").toString()).collectAsList()) {
      String path = row.getString(row.fieldIndex("path"));
      rows.put(path.substring(path.indexOf("/root/") + 6), row);
    }
    return rows;
  }

  @Test
  void theFirstFolderUnderTheRootIsTheLabel() throws Exception {
    Path out = dir.resolve("out");
    ShardJob.run(spark, ShardOptions.of(input.toString(), out.toString()).withSize(16)
        .withLayout(InputLayout.IMAGEFOLDER));
    JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    assertEquals(5, summary.path("inputs").asInt());
    assertEquals(4, summary.path("accepted").asInt());
    assertEquals(1, summary.path("rejected").asInt());
    // Matched counts inputs with a label, the rejected dog/broken.png included.
    assertEquals(4, summary.path("attributes").path("matched").asInt());
    assertEquals(1, summary.path("attributes").path("accepted_without_attributes").asInt(), "loose.png");
    assertEquals("imagefolder", summary.path("provenance").path("options").path("layout").asText());
    Map<String, Row> rows = rowsByPath(out);
    assertEquals("cat", rows.get("cat/a.png").getAs("label"));
    assertEquals("cat", rows.get("cat/sub/b.png").getAs("label"));
    assertEquals("dog", rows.get("dog/c.png").getAs("label"));
    assertNull(rows.get("loose.png").getAs("label"));
    assertTrue(Files.readString(out.resolve("rejects.jsonl")).contains("dog/broken.png"));
    assertEquals(List.of("label"), ShardIndex.read(new org.apache.hadoop.fs.Path(out.toUri()),
        new org.apache.hadoop.conf.Configuration()).attributes());
  }

  @Test
  void csvColumnsSitBesideTheLabelAndACsvLabelColumnIsRefused() throws Exception {
    Path csv = dir.resolve("extra.csv");
    Files.writeString(csv, "file,size_class\ncat/a.png,small\nloose.png,large\n");
    // The CSV loaded on the driver (flat listing) or joined in Spark (distributed): the same rows.
    for (ListingMode listing : List.of(ListingMode.FLAT, ListingMode.DISTRIBUTED)) {
      Path out = dir.resolve("with-csv-" + listing);
      ShardSummary summary = ShardJob.run(spark, ShardOptions.of(input.toString(), out.toString()).withSize(16)
          .withLayout(InputLayout.IMAGEFOLDER).withAttributes(csv.toString()).withListing(listing));
      Map<String, Row> rows = rowsByPath(out);
      assertEquals("cat", rows.get("cat/a.png").getAs("label"), listing.toString());
      assertEquals("cat", rows.get("cat/sub/b.png").getAs("label"), listing.toString());
      assertEquals("small", rows.get("cat/a.png").getAs("size_class"), listing.toString());
      assertNull(rows.get("loose.png").getAs("label"), listing.toString());
      assertEquals("large", rows.get("loose.png").getAs("size_class"), listing.toString());
      assertNull(rows.get("dog/c.png").getAs("size_class"), listing.toString());
      assertEquals(5, summary.attributes().matched(), listing + ": four labelled inputs and loose.png's CSV row");
      assertEquals(0, summary.attributes().rowsWithoutInput(), listing.toString());
    }

    Path clash = dir.resolve("clash.csv");
    Files.writeString(clash, "file,label\ncat/a.png,kitten\n");
    UsageException e = assertThrows(UsageException.class, () -> ShardJob.run(spark,
        ShardOptions.of(input.toString(), dir.resolve("clash-out").toString()).withSize(16)
            .withLayout(InputLayout.IMAGEFOLDER).withAttributes(clash.toString())));
    assertTrue(e.getMessage().contains("label"), e.getMessage());
  }

  @Test
  void withoutTheLayoutThereIsNoLabelColumn() throws Exception {
    Path out = dir.resolve("plain");
    ShardJob.run(spark, ShardOptions.of(input.toString(), out.toString()).withSize(16));
    assertTrue(ShardIndex.read(new org.apache.hadoop.fs.Path(out.toUri()), new org.apache.hadoop.conf.Configuration())
        .attributes().isEmpty());
  }
}
