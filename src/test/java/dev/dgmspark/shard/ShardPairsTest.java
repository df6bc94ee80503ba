package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.synth.PairSpec;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests that shards of a paired dataset ({@code synth --pairs}) keep each image's pair id, and only as a pair id. */
class ShardPairsTest extends SharedSpark {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void shardsKeepThePairIdOutsideTheAttributes() throws Exception {
    java.nio.file.Path faces = dir.resolve("faces");
    new SynthGenerator().generate(SynthRequest.of(new Path(faces.toUri()), 24).withConf(new Configuration())
        .withSize(32).withPairs(PairSpec.parse("skin_tone")));
    java.nio.file.Path out = dir.resolve("shards");
    ShardSummary summary = ShardJob.run(spark, ShardOptions.of(faces.toString(), out.toString()).withSize(32));
    assertEquals(24, summary.accepted());

    ShardIndex index = ShardIndex.read(new Path(out.toUri()), new Configuration());
    assertTrue(index.paired());
    assertEquals(List.of("skin_tone", "hair_color", "glasses", "hat", "smile"), index.attributes());
    List<Row> rows = spark.read().parquet(index.shardPaths(new Path(out.toUri())))
        .select("path", "pair_id", "skin_tone", "hair_color").collectAsList();
    assertEquals(24, rows.size());
    Map<String, List<Row>> byPair = rows.stream().collect(Collectors.groupingBy(r -> r.getString(1)));
    assertEquals(12, byPair.size());
    for (Map.Entry<String, List<Row>> pair : byPair.entrySet()) {
      List<Row> members = pair.getValue();
      assertEquals(2, members.size(), pair.getKey());
      assertEquals(List.of("dark", "light"), members.stream().map(r -> r.getString(2)).sorted().toList());
      assertEquals(members.get(0).getString(3), members.get(1).getString(3));
      // Picture 2k and 2k + 1 make pair k.
      List<Integer> numbers = members.stream()
          .map(r -> Integer.parseInt(r.getString(0).replaceAll(".*img-(\\d+)\\.png$", "$1"))).sorted().toList();
      assertEquals(numbers.get(0) + 1, numbers.get(1));
      assertEquals(0, numbers.get(0) % 2);
    }

    // An unpaired dataset's index says so.
    java.nio.file.Path plain = dir.resolve("plain");
    new SynthGenerator().generate(SynthRequest.of(new Path(plain.toUri()), 6).withConf(new Configuration())
        .withSize(32));
    java.nio.file.Path plainOut = dir.resolve("plain-shards");
    ShardJob.run(spark, ShardOptions.of(plain.toString(), plainOut.toString()).withSize(32));
    assertFalse(ShardIndex.read(new Path(plainOut.toUri()), new Configuration()).paired());
  }
}
