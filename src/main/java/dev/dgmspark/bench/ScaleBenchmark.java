package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.dgmspark.cli.DgmCli;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline at growing sizes, each stage timed with the driver's heap: synthetic 32x32 faces in nested
 * folders of 1,000 (written once per size and reused), then {@code shard} (distributed listing), {@code train} (a VAE,
 * one epoch cut to a fixed number of minibatches: examples/s), {@code encode} and {@code debias}, each run through the
 * command line in this JVM, as a user runs it.
 *
 * <p>Heap figures are this JVM's (the driver; in local mode also the executors): the peak of the heap pools' used
 * bytes, and the largest heap in use right after a garbage collection (an upper bound of what the stage kept alive),
 * both reset before each stage after a full collection. Usage: {@code ScaleBenchmark <result.json> <data-dir>
 * <work-dir> <size>...}; system properties: {@code dgm.bench.master} (local[2]), {@code dgm.bench.trainBatches}
 * (minibatches of training, 120), {@code dgm.bench.stages} (comma-separated, default all), {@code dgm.bench.warmup}
 * (images of an unrecorded first pass, 2000; 0: none), {@code dgm.bench.s3.endpoint} with {@code .access},
 * {@code .secret} and {@code .sizes} to run the same stages with every path on {@code s3a://bench/} (data uploaded from the local set).
 */
public final class ScaleBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);
  private static final int SIZE = 32;
  private static final int PER_FOLDER = 1000;
  private static final String MARKER = "bench-data.json";
  private static final String[] STAGES = {"shard", "train", "encode", "debias"};

  private final String master = System.getProperty("dgm.bench.master", "local[2]");
  private final int trainBatches = Integer.getInteger("dgm.bench.trainBatches", 120);
  private final List<String> stages = List.of(System.getProperty("dgm.bench.stages", String.join(",", STAGES))
      .split(","));
  private final Heap heap = new Heap();

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path result = Path.of(args[0]).toAbsolutePath();
    Path data = Path.of(args[1]).toAbsolutePath();
    Path work = Path.of(args[2]).toAbsolutePath();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i].replace("_", "")));
    }
    new ScaleBenchmark().run(result, data, work, sizes);
  }

  private void run(Path result, Path data, Path work, List<Integer> sizes) throws Exception {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("what", "synthetic 32x32 faces in folders of " + PER_FOLDER + "; shard (--listing distributed) -> train "
        + "vae (1 epoch cut to " + trainBatches + " minibatches of 32, shared by the workers) -> encode -> debias "
        + "(defaults); "
        + master + (master.startsWith("local") ? ", stages run through the command line in one JVM (heap: driver "
        + "and executors)" : ", stages run through the command line in this JVM, the driver (heap: the driver's "
        + "alone), executors on the cluster"));
    out.put("master", master);
    out.put("stages", String.join(",", stages));
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("load_average_before", loadAverage());
    int warmup = Integer.getInteger("dgm.bench.warmup", 2000);
    if (warmup > 0) {
      // JIT, Spark's first session and first Parquet write: the first stages measured 3-5x slower (not recorded).
      runSize(warmup, data.resolve(Integer.toString(warmup)).toString(), work.resolve("warmup").toString(),
          List.of(), null);
    }
    out.put("warmup_images", warmup);
    ObjectNode runs = out.putObject("runs");
    for (int n : sizes) {
      runs.set("local-" + n, runSize(n, data.resolve(Integer.toString(n)).toString(),
          work.resolve("local-" + n).toString(), List.of(), null));
      write(result, out);
    }
    if (sizes.size() >= 2) {
      out.set("ratios", ratios((ObjectNode) runs.get("local-" + sizes.get(0)),
          (ObjectNode) runs.get("local-" + sizes.get(sizes.size() - 1))));
    }
    String endpoint = System.getProperty("dgm.bench.s3.endpoint");
    if (endpoint != null) {
      Map<String, String> s3 = new LinkedHashMap<>();
      s3.put("fs.s3a.endpoint", endpoint);
      s3.put("fs.s3a.path.style.access", "true");
      s3.put("fs.s3a.connection.ssl.enabled", "false");
      s3.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      s3.put("fs.s3a.access.key", System.getProperty("dgm.bench.s3.access"));
      s3.put("fs.s3a.secret.key", System.getProperty("dgm.bench.s3.secret"));
      List<String> conf = new ArrayList<>();
      s3.forEach((k, v) -> {
        conf.add("--conf");
        conf.add("spark.hadoop." + k + "=" + v);
      });
      Configuration hadoop = new Configuration();
      s3.forEach(hadoop::set);
      for (String size : System.getProperty("dgm.bench.s3.sizes", "5000").split(",")) {
        int n = Integer.parseInt(size.trim());
        String local = data.resolve(Integer.toString(n)).toString();
        ObjectNode run = runSize(n, local, "s3a://bench/work-" + n, conf, hadoop);
        runs.set("s3a-" + n, run);
        write(result, out);
      }
    }
    out.put("load_average_after", loadAverage());
    write(result, out);
    LOG.info("bench-scale: figures in {}", result);
  }

  /** One size: data (written or reused), then every stage, into {@code work}. */
  private ObjectNode runSize(int n, String localData, String work, List<String> conf, Configuration s3)
      throws Exception {
    ObjectNode run = Json.MAPPER.createObjectNode();
    run.put("images", n);
    run.set("data", ensureData(Path.of(localData), n));
    String input = localData;
    if (s3 != null) {
      input = "s3a://bench/data-" + n;
      run.set("upload", upload(Path.of(localData), input, s3));
    }
    ObjectNode stages = run.putObject("stages");
    String shards = work + "/shards";
    String model = work + "/model";
    String encoded = work + "/encoded";
    String debiased = work + "/debiased";
    stage(stages, "shard", shards, conf, "shard", "--input", input, "--out", shards, "--size", "" + SIZE,
        "--listing", "distributed", "--overwrite");
    stage(stages, "train", model, conf, "train", "--model", "vae", "--data", shards, "--out", model, "--epochs",
        "1", "--max-batches", "" + trainBatches, "--overwrite");
    stage(stages, "encode", encoded, conf, "encode", "--data", shards, "--model", model, "--out", encoded,
        "--overwrite");
    stage(stages, "debias", debiased, conf, "debias", "--data", shards, "--latents", encoded, "--out", debiased,
        "--overwrite");
    if (stages.has("shard")) {
      JsonNode summary = stages.get("shard").get("summary");
      long inputs = summary.path("inputs").asLong();
      run.put("accounting_holds", inputs == n && inputs == summary.path("accepted").asLong()
          + summary.path("rejected").asLong());
    }
    return run;
  }

  /** Runs one command through the command line, timed, with the heap figures and the output's size. */
  private void stage(ObjectNode stages, String name, String output, List<String> conf, String... args)
      throws Exception {
    if (!this.stages.contains(name)) {
      return;
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--master");
    all.add(master);
    all.addAll(conf);
    heap.reset();
    long start = System.nanoTime();
    int code = DgmCli.commandLine().execute(all.toArray(new String[0]));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException(name + " exited with " + code + ": " + String.join(" ", args));
    }
    ObjectNode stage = stages.putObject(name);
    stage.put("seconds", round(seconds));
    stage.put("peak_heap_mb", heap.peakUsedMb());
    stage.put("peak_heap_after_gc_mb", heap.peakAfterGcMb());
    Configuration hadoop = new Configuration();
    if (!conf.isEmpty()) {
      for (int i = 1; i < conf.size(); i += 2) {
        String kv = conf.get(i).substring("spark.hadoop.".length());
        hadoop.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
    FileSystem fs = Storage.fs(out, hadoop);
    stage.put("output_bytes", fs.getContentSummary(out).getLength());
    JsonNode summary = Json.MAPPER.readTree(Storage.readAll(new org.apache.hadoop.fs.Path(out, "summary.json"),
        hadoop));
    ObjectNode kept = stage.putObject("summary");
    for (String key : List.of("inputs", "accepted", "rejected", "listing", "driver_seconds", "rows",
        "examples_per_second", "examples", "train_seconds", "input_rows", "output_rows", "seconds", "epochs_done",
        "effective_sample_size")) {
      if (summary.has(key)) {
        kept.set(key, summary.get(key));
      }
    }
    if (name.equals("train")) {
      stage.put("examples_per_second", trainRate(fs, out));
    }
    LOG.info("bench-scale: {} {} s, peak heap {} MB ({} MB after GC), output {} MB", name, round(seconds),
        heap.peakUsedMb(), heap.peakAfterGcMb(), stage.get("output_bytes").asLong() >> 20);
  }

  /** Examples per second of the one training epoch, from {@code metrics.csv}. */
  private static double trainRate(FileSystem fs, org.apache.hadoop.fs.Path model) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(model, "metrics.csv"))) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      List<String> header = List.of(lines.get(0).split(","));
      String[] last = lines.get(lines.size() - 1).split(",");
      return Double.parseDouble(last[header.indexOf("examples_per_second")]);
    }
  }

  /** Writes n synthetic faces into folders of {@link #PER_FOLDER} under {@code dir}, unless already there. */
  private static ObjectNode ensureData(Path dir, int n) throws IOException {
    // Beside the folder, not in it: in it, it would be one more input file.
    Path marker = dir.resolveSibling(dir.getFileName() + "-" + MARKER);
    if (Files.isRegularFile(marker)) {
      ObjectNode known = (ObjectNode) Json.MAPPER.readTree(marker.toFile());
      if (known.path("images").asInt() == n) {
        known.put("reused", true);
        return known;
      }
    }
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists without " + MARKER + " for " + n + " images; remove it");
    }
    long start = System.nanoTime();
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.toUri()), n).withSize(SIZE)
        .withThreads(Runtime.getRuntime().availableProcessors()));
    double synthSeconds = (System.nanoTime() - start) / 1e9;
    long nestStart = System.nanoTime();
    // Folders of 1,000, as large collections are laid out; attributes.csv rewritten with the folder in each name.
    List<String> lines = Files.readAllLines(dir.resolve(SynthGenerator.ATTRIBUTES_CSV), StandardCharsets.UTF_8);
    List<String> nested = new ArrayList<>(lines.size());
    nested.add(lines.get(0));
    for (int i = 0; i < n; i++) {
      String name = SynthGenerator.imageFileName(i, n);
      String folder = String.format(Locale.ROOT, "p-%04d", i / PER_FOLDER);
      Files.createDirectories(dir.resolve(folder));
      Files.move(dir.resolve(name), dir.resolve(folder).resolve(name));
      String line = lines.get(i + 1);
      if (!line.startsWith(name + ",")) {
        throw new IllegalStateException("attributes.csv line " + (i + 2) + " does not name " + name);
      }
      nested.add(folder + "/" + line);
    }
    Path csv = dir.resolve(SynthGenerator.ATTRIBUTES_CSV);
    Path temporary = dir.resolve("." + SynthGenerator.ATTRIBUTES_CSV + ".tmp");
    Files.write(temporary, nested, StandardCharsets.UTF_8);
    Files.move(temporary, csv, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    double nestSeconds = (System.nanoTime() - nestStart) / 1e9;
    ObjectNode figures = Json.MAPPER.createObjectNode();
    figures.put("images", n);
    figures.put("folders", (n + PER_FOLDER - 1) / PER_FOLDER);
    figures.put("synth_seconds", round(synthSeconds));
    figures.put("nest_seconds", round(nestSeconds));
    figures.put("write_seconds", round(synthSeconds + nestSeconds));
    figures.put("images_per_second", Math.round(n / (synthSeconds + nestSeconds)));
    figures.put("bytes", folderBytes(dir));
    Path tmp = dir.resolveSibling("." + dir.getFileName() + "-" + MARKER + ".tmp");
    Files.write(tmp, Json.pretty(figures));
    Files.move(tmp, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    figures.put("reused", false);
    return figures;
  }

  /** Copies the local data set to {@code target} on S3 (once: a copy with the same file count is reused). */
  private static ObjectNode upload(Path local, String target, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(target);
    FileSystem fs = root.getFileSystem(conf);
    org.apache.hadoop.fs.Path done = new org.apache.hadoop.fs.Path(root.getParent(), root.getName() + "-" + MARKER);
    ObjectNode figures = Json.MAPPER.createObjectNode();
    if (fs.exists(done)) {
      figures.put("reused", true);
      return figures;
    }
    long start = System.nanoTime();
    AtomicLong files = new AtomicLong();
    try (var walk = Files.walk(local)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = local.relativize(file).toString();
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root, relative), true)) {
          out.write(Files.readAllBytes(file));
        }
        files.incrementAndGet();
      }
    }
    try (OutputStream out = fs.create(done, true)) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    figures.put("reused", false);
    figures.put("files", files.get());
    figures.put("seconds", round(seconds));
    return figures;
  }

  /** Stage time and heap ratios of the largest size to the smallest (linear in time = the size ratio). */
  private static ObjectNode ratios(ObjectNode small, ObjectNode large) {
    ObjectNode ratios = Json.MAPPER.createObjectNode();
    ratios.put("images", large.path("images").asDouble() / small.path("images").asDouble());
    for (String stage : STAGES) {
      JsonNode a = small.path("stages").path(stage);
      JsonNode b = large.path("stages").path(stage);
      if (a.isMissingNode() || b.isMissingNode()) {
        continue;
      }
      ObjectNode r = ratios.putObject(stage);
      r.put("seconds", round(b.path("seconds").asDouble() / a.path("seconds").asDouble()));
      r.put("peak_heap", round(b.path("peak_heap_mb").asDouble() / a.path("peak_heap_mb").asDouble()));
      r.put("peak_heap_after_gc", round(b.path("peak_heap_after_gc_mb").asDouble()
          / Math.max(1, a.path("peak_heap_after_gc_mb").asDouble())));
      r.put("output_bytes", round(b.path("output_bytes").asDouble() / a.path("output_bytes").asDouble()));
    }
    return ratios;
  }

  private static long folderBytes(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void write(Path result, ObjectNode out) throws IOException {
    Files.createDirectories(result.getParent());
    Path tmp = result.resolveSibling("." + result.getFileName() + ".tmp");
    Files.write(tmp, Json.pretty(out));
    Files.move(tmp, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * This JVM's heap: the peak of the heap pools' used bytes, and the largest heap in use right after a collection
   * (from the collectors' notifications).
   */
  private static final class Heap {
    private final AtomicLong peakAfterGc = new AtomicLong();

    Heap() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener((notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (isHeap(pool.getKey())) {
                used += pool.getValue().getUsed();
              }
            }
            peakAfterGc.accumulateAndGet(used, Math::max);
          }, null, null);
        }
      }
    }

    void reset() {
      System.gc();
      peakAfterGc.set(0);
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pool.resetPeakUsage();
        }
      }
    }

    long peakUsedMb() {
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          used += pool.getPeakUsage().getUsed();
        }
      }
      return used >> 20;
    }

    long peakAfterGcMb() {
      return peakAfterGc.get() >> 20;
    }

    private static boolean isHeap(String pool) {
      for (MemoryPoolMXBean bean : ManagementFactory.getMemoryPoolMXBeans()) {
        if (bean.getName().equals(pool)) {
          return bean.getType() == MemoryType.HEAP;
        }
      }
      return false;
    }
  }
}
