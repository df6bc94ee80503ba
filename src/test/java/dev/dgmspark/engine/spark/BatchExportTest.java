package dev.dgmspark.engine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minibatch export: the same data and seed give the same files whatever ran before it in the session (a resumed
 * run exports again after other jobs than a fresh one, and must see the minibatches of an uninterrupted run).
 */
class BatchExportTest extends SharedSpark {
  private static final int COUNT = 700;
  @TempDir static Path dir;
  private static String[] shards;

  @BeforeAll
  static void shardSyntheticFaces() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(3).withSize(28).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    shards = TrainingData.read(dir.resolve("shards").toString(), new Configuration()).index()
        .shardPaths(new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri()));
  }

  private static List<BatchExport.Batch> export(String name) throws Exception {
    return BatchExport.export(spark, shards, 28, 3, new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()), 4, 42);
  }

  @Test
  void theSameDataAndSeedGiveTheSameMinibatchesWhateverRanBefore() throws Exception {
    List<BatchExport.Batch> first = export("first");
    // Other jobs in between, as a resumed run has (its Spark objects get other ids than a fresh run's).
    for (int i = 0; i < 7; i++) {
      spark.range(0, 100 + i).javaRDD().map(x -> x).count();
    }
    List<BatchExport.Batch> second = export("second");
    assertEquals(COUNT, first.stream().mapToInt(BatchExport.Batch::count).sum());
    assertEquals(first.size(), second.size(), "minibatch files");
    for (int i = 0; i < first.size(); i++) {
      Path a = Path.of(java.net.URI.create(first.get(i).path()));
      Path b = Path.of(java.net.URI.create(second.get(i).path()));
      assertEquals(a.getFileName(), b.getFileName());
      assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), a.getFileName().toString());
    }
  }
}
