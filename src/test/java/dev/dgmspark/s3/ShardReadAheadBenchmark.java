package dev.dgmspark.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.S3TestServer;
import dev.dgmspark.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard from {@code s3a://} to {@code s3a://} against s3proxy on loopback, with and without per-task read-ahead, in
 * the same run (alternating, so drift hits both). Not part of the suite: run it with
 * {@code mvn test -Dtest=ShardReadAheadBenchmark -Ddgm.bench=true [-Ddgm.bench.count=3000]}; figures go to
 * {@code bench-results/shard-s3.json}.
 */
@EnabledIfSystemProperty(named = "dgm.bench", matches = "true")
class ShardReadAheadBenchmark extends SharedSpark {
  @TempDir Path dir;

  @Test
  void readAheadAgainstOneReadAtATime() throws Exception {
    int count = Integer.getInteger("dgm.bench.count", 3000);
    int rounds = Integer.getInteger("dgm.bench.rounds", 2);
    try (S3TestServer server = S3TestServer.start(dir, "bench-secret", "bench")) {
      server.s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
      new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path("s3a://bench/faces"), count)
          .withSize(64).withSeed(1).withConf(spark.sparkContext().hadoopConfiguration()));
      // Warm-up (JIT in both JVMs, S3A's connection pool), not recorded: the first runs measured 2-3x slower.
      for (int i = 0; i < 2; i++) {
        ShardJob.run(spark, ShardOptions.of("s3a://bench/faces", "s3a://bench/shards").withOverwrite(true));
      }
      List<Map<String, Object>> runs = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        // A B B A ...: speed still drifts up run after run, and alternating the order cancels that out in the means.
        for (int depth : round % 2 == 0 ? new int[] {0, 4} : new int[] {4, 0}) {
          ShardSummary summary = ShardJob.run(spark, ShardOptions.of("s3a://bench/faces", "s3a://bench/shards")
              .withReadAhead(depth).withOverwrite(true));
          assertEquals(count, summary.accepted());
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("read_ahead", depth);
          run.put("images_per_second", summary.imagesPerSecond());
          run.put("seconds", summary.seconds());
          run.put("task_seconds", summary.taskSeconds());
          run.put("driver_seconds", summary.driverSeconds());
          runs.add(run);
          System.out.println("bench: read-ahead " + depth + ": " + summary.imagesPerSecond() + " images/s, "
              + summary.taskSeconds());
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("what", "shard s3a:// -> s3a:// against s3proxy 4.1.0 (filesystem backend) on 127.0.0.1, local[2], "
          + count + " synthetic 64x64 PNGs, 2 tasks; after two warm-up runs; read_ahead 0 and 4 in the order A B B A");
      result.put("runs", runs);
      Files.createDirectories(Path.of("bench-results"));
      Files.write(Path.of("bench-results/shard-s3.json"), Json.pretty(result));
    } finally {
      FileSystem.closeAll();
    }
  }
}
