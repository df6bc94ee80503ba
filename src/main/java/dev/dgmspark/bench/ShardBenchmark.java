package dev.dgmspark.bench;

import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard throughput against its two baselines, measured in one JVM on the same files: a plain single-thread ImageIO
 * decode loop, and Spark's {@code format("image")} reader. Writes the figures as JSON.
 *
 * <p>Usage: {@code ShardBenchmark <image folder> <result.json> [master] [repeats]}; {@code scripts/bench-shard} makes
 * the images and calls it. Every figure is the best of {@code repeats} timed runs after one warm-up run, so that the
 * JIT and the page cache are warm for all three alike.
 */
public final class ShardBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ShardBenchmark.class);

  private ShardBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ShardBenchmark <image folder> <result.json> [master (local[2])] [repeats (3)]");
      System.exit(2);
    }
    Path images = Path.of(args[0]).toAbsolutePath();
    Path result = Path.of(args[1]).toAbsolutePath();
    String master = args.length > 2 ? args[2] : "local[2]";
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int partitions = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    List<Path> files = imageFiles(images);
    LOG.info("bench: {} images under {}", files.size(), images);

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("images", files.size());
    figures.put("image_folder", images.toString());
    figures.put("master", master);
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("repeats", repeats);
    figures.put("started_at", Instant.now().toString());

    double plain = best(repeats, () -> plainLoop(files));
    figures.put("plain_imageio_loop_images_per_second", round(files.size() / plain));
    LOG.info("bench: plain ImageIO loop {} images/s", round(files.size() / plain));

    Path scratch = Files.createTempDirectory("bench-shard");
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-shard")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()) {
      java.util.concurrent.atomic.AtomicReference<ShardSummary> lastSummary =
          new java.util.concurrent.atomic.AtomicReference<>();
      double shard = best(repeats, () -> {
        Path out = scratch.resolve("shards");
        lastSummary.set(ShardJob.run(spark, ShardOptions.of(images.toString(), out.toString())
            .withOverwrite(true).withPartitions(partitions)));
      });
      figures.put("shard_task_seconds_last_run", lastSummary.get().taskSeconds());
      figures.put("shard_driver_seconds_last_run", lastSummary.get().driverSeconds());
      LOG.info("bench: shard task seconds (both slots added) {}, driver phases {}", lastSummary.get().taskSeconds(),
          lastSummary.get().driverSeconds());
      figures.put("shard_images_per_second", round(files.size() / shard));
      figures.put("shard_seconds", round(shard));
      LOG.info("bench: shard ({}) {} images/s", master, round(files.size() / shard));

      double image = best(Math.min(repeats, 2), () -> spark.read().format("image").load(images.toString())
          .write().format("noop").mode("overwrite").save());
      figures.put("spark_format_image_images_per_second", round(files.size() / image));
      LOG.info("bench: format(\"image\") {} images/s", round(files.size() / image));
    } finally {
      deleteTree(scratch);
    }
    double shardRate = (double) figures.get("shard_images_per_second");
    figures.put("shard_vs_plain_loop", round(shardRate / (double) figures.get("plain_imageio_loop_images_per_second")));
    figures.put("shard_vs_format_image",
        round(shardRate / (double) figures.get("spark_format_image_images_per_second")));
    Files.createDirectories(result.getParent());
    Files.write(result, Json.pretty(figures));
    System.out.println(new String(Json.pretty(figures), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Reads and decodes every file on this thread: the baseline the issue names. */
  private static void plainLoop(List<Path> files) throws IOException {
    ImageIO.setUseCache(false);
    long pixels = 0;
    for (Path file : files) {
      var image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
      if (image != null) {
        pixels += (long) image.getWidth() * image.getHeight();
      }
    }
    if (pixels == 0) {
      throw new IllegalStateException("nothing decoded");
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** One warm-up run, then the best wall time of {@code repeats} runs, in seconds. */
  private static double best(int repeats, Body body) throws Exception {
    body.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      body.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static List<Path> imageFiles(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".png")).sorted().forEach(files::add);
    }
    return files;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
