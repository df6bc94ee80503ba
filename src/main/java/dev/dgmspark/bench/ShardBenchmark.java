package dev.dgmspark.bench;

import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard throughput against a plain single-thread ImageIO decode loop over the same files, in one JVM, on three image
 * folders: the project's synthetic 64x64 PNGs ({@code synth}), small mixed PNG/JPEG written by ImageIO
 * ({@code small_mixed}) and camera-size JPEG photographs ({@code camera}); the last two are made by
 * {@link ShardCorpora} from Debian's sample photographs. Writes the figures as JSON.
 *
 * <p>Usage: {@code ShardBenchmark --result FILE [--master local[2]] [--repeats 3] [--corpora synth,small_mixed,camera]
 * [--synth DIR] [--work DIR] [--photos DIR[:DIR...]] [--small-count 20000] [--camera-count 1200] [--seed 1]
 * [--format-image false]}; {@code scripts/bench-shard} calls it. {@code --format-image true} also times Spark's
 * {@code format("image")} reader on the synth folder (about 0.03x of the plain loop, so minutes per run). For each folder, after one warm-up run of each, the plain loop and the shard
 * job run alternately {@code repeats} times, so that machine noise hits both alike; the best run of each counts.
 * The load averages before and after each folder are recorded beside its figures, and so is the JVM's CPU time
 * per image of each (all threads), which says what each costs whatever share of the cores other work left.
 */
public final class ShardBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ShardBenchmark.class);

  private ShardBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    if (!opts.containsKey("result")) {
      System.err.println("usage: ShardBenchmark --result FILE [--master local[2]] [--repeats 3] "
          + "[--corpora synth,small_mixed,camera] [--synth DIR] [--work DIR] [--photos DIR[:DIR...]] "
          + "[--small-count 20000] [--camera-count 1200] [--seed 1] [--format-image false]");
      System.exit(2);
    }
    Path result = Path.of(opts.get("result")).toAbsolutePath();
    String master = opts.getOrDefault("master", "local[2]");
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
    List<String> corpora = Arrays.asList(opts.getOrDefault("corpora", "synth,small_mixed,camera").split(","));
    Path work = Path.of(opts.getOrDefault("work", "target/bench")).toAbsolutePath();
    long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
    boolean formatImage = Boolean.parseBoolean(opts.getOrDefault("format-image", "false"));

    Map<String, Path> folders = new LinkedHashMap<>();
    if (corpora.contains("synth")) {
      if (!opts.containsKey("synth")) {
        throw new IllegalArgumentException("--synth DIR (a folder written by `dgm synth`) is needed for synth");
      }
      folders.put("synth", Path.of(opts.get("synth")).toAbsolutePath());
    }
    if (corpora.contains("small_mixed") || corpora.contains("camera")) {
      List<Path> roots = new ArrayList<>();
      for (String root : opts.getOrDefault("photos", "").split(":")) {
        if (!root.isBlank()) {
          roots.add(Path.of(root));
        }
      }
      roots.add(ShardCorpora.DEBIAN_ROOT);
      ShardCorpora.Photos photos = ShardCorpora.loadPhotos(roots);
      if (corpora.contains("small_mixed")) {
        int count = Integer.parseInt(opts.getOrDefault("small-count", "20000"));
        LOG.info("bench: small mixed corpus, {} files", count);
        folders.put("small_mixed", ShardCorpora.writeSmallMixed(work.resolve("small-mixed-" + count), count, seed,
            photos));
      }
      if (corpora.contains("camera")) {
        int count = Integer.parseInt(opts.getOrDefault("camera-count", "1200"));
        LOG.info("bench: camera corpus, {} files", count);
        folders.put("camera", ShardCorpora.writeCamera(work.resolve("camera-" + count), count, seed, photos));
      }
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("master", master);
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("repeats", repeats);
    figures.put("started_at", Instant.now().toString());
    figures.put("load_average_at_start", loadAverage());
    Path scratch = Files.createTempDirectory("bench-shard");
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-shard")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()) {
      for (Map.Entry<String, Path> e : folders.entrySet()) {
        figures.put(e.getKey(), measure(spark, e.getKey(), e.getValue(), scratch, repeats,
            formatImage && e.getKey().equals("synth")));
      }
    } finally {
      deleteTree(scratch);
    }
    figures.put("load_average_at_end", loadAverage());
    Files.createDirectories(result.getParent());
    Files.write(result, Json.pretty(figures));
    System.out.println(new String(Json.pretty(figures), StandardCharsets.UTF_8));
  }

  private static Map<String, Object> measure(SparkSession spark, String name, Path images, Path scratch,
      int repeats, boolean formatImage) throws Exception {
    List<Path> files = ShardCorpora.imageFiles(images);
    long inputBytes = 0;
    for (Path f : files) {
      inputBytes += Files.size(f);
    }
    LOG.info("bench {}: {} images, {} bytes under {}", name, files.size(), inputBytes, images);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("images", files.size());
    out.put("input_bytes", inputBytes);
    out.put("image_folder", images.toString());
    out.put("load_average_before", loadAverage());

    AtomicReference<ShardSummary> last = new AtomicReference<>();
    Body plain = () -> plainLoop(files);
    Body shard = () -> last.set(ShardJob.run(spark, ShardOptions.of(images.toString(),
        scratch.resolve("shards-" + name).toString()).withOverwrite(true)));
    plain.run();
    shard.run();
    double[] plainSeconds = new double[repeats];
    double[] shardSeconds = new double[repeats];
    double[] plainCpu = new double[repeats];
    double[] shardCpu = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long cpu = processCpuNanos();
      plainSeconds[i] = time(plain);
      plainCpu[i] = (processCpuNanos() - cpu) / 1e9;
      cpu = processCpuNanos();
      shardSeconds[i] = time(shard);
      shardCpu[i] = (processCpuNanos() - cpu) / 1e9;
      LOG.info("bench {}: run {}: plain loop {} s ({} CPU s), shard {} s ({} CPU s)", name, i + 1,
          round(plainSeconds[i], 3), round(plainCpu[i], 3), round(shardSeconds[i], 3), round(shardCpu[i], 3));
    }
    double plainBest = Arrays.stream(plainSeconds).min().orElseThrow();
    double shardBest = Arrays.stream(shardSeconds).min().orElseThrow();
    ShardSummary summary = last.get();
    out.put("plain_imageio_loop_images_per_second", round(files.size() / plainBest, 1));
    out.put("shard_images_per_second", round(files.size() / shardBest, 1));
    out.put("shard_vs_plain_loop", round(plainBest / shardBest, 2));
    out.put("plain_seconds_runs", Arrays.stream(plainSeconds).map(s -> round(s, 3)).toArray());
    out.put("shard_seconds_runs", Arrays.stream(shardSeconds).map(s -> round(s, 3)).toArray());
    // CPU time of the whole JVM per image (all threads: Spark, GC, JIT too): what each costs regardless of how
    // much of the two cores other work on the machine left free; the best run of each.
    double plainCpuBest = Arrays.stream(plainCpu).min().orElseThrow();
    double shardCpuBest = Arrays.stream(shardCpu).min().orElseThrow();
    out.put("plain_cpu_microseconds_per_image", round(plainCpuBest * 1e6 / files.size(), 1));
    out.put("shard_cpu_microseconds_per_image", round(shardCpuBest * 1e6 / files.size(), 1));
    out.put("plain_vs_shard_cpu_per_image", round(plainCpuBest / shardCpuBest, 2));
    out.put("accepted", summary.accepted());
    out.put("rejected", summary.rejected());
    out.put("converted", summary.converted());
    out.put("output_bytes", summary.outputBytes());
    out.put("output_vs_input_bytes", round((double) summary.outputBytes() / summary.bytesRead(), 2));
    out.put("shard_task_seconds_last_run", summary.taskSeconds());
    out.put("shard_driver_seconds_last_run", summary.driverSeconds());
    if (formatImage) {
      double image = best(Math.min(repeats, 2), () -> spark.read().format("image").load(images.toString())
          .write().format("noop").mode("overwrite").save());
      out.put("spark_format_image_images_per_second", round(files.size() / image, 1));
    }
    out.put("load_average_after", loadAverage());
    LOG.info("bench {}: shard {} images/s, plain loop {} images/s: {}x; output/input bytes {}", name,
        out.get("shard_images_per_second"), out.get("plain_imageio_loop_images_per_second"),
        out.get("shard_vs_plain_loop"), out.get("output_vs_input_bytes"));
    return out;
  }

  /** Reads and decodes every file on this thread: the baseline the issues name. */
  static void plainLoop(List<Path> files) throws IOException {
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

  private static double time(Body body) throws Exception {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** One warm-up run, then the best wall time of {@code repeats} runs, in seconds. */
  private static double best(int repeats, Body body) throws Exception {
    body.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      best = Math.min(best, time(body));
    }
    return best;
  }

  /** CPU time used by this JVM so far, all threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg} (empty where there is none). */
  static List<Double> loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
