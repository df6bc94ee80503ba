package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.testing.S3TestServer;
import dev.dgmspark.testing.SharedSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed listing against the flat one, on nested folders with odd names (spaces, non-ASCII, a decomposed
 * accent, {@code %}, names starting with {@code _} or {@code .}, deeper than the driver plans), on the local disk and
 * on the S3-compatible server; a listing task that fails once (Spark retries it: local[2,3]) loses and duplicates
 * nothing; and the shard job on each listing gives the same accounting and rows.
 */
class DistributedListingTest {
  private static final String BUCKET = "listing";
  private static final String SECRET = "sk-" + UUID.randomUUID().toString().replace("-", "");
  /** Every file the listings must find, relative to the root. */
  private static final List<String> EXPECTED = new ArrayList<>();
  /** Those that are PNG pictures (the rest are junk the shard job rejects). */
  private static final Set<String> PICTURES = new TreeSet<>();
  /** A decomposed "é" (e + combining acute), as macOS writes file names; the CSV spells it composed. */
  private static final String NFD_NAME = "nfd/cafe\u0301.png";

  @TempDir static java.nio.file.Path dir;
  private static S3TestServer server;
  private static SparkSession spark;
  /** The local tree, under a folder with a non-ASCII name. */
  private static java.nio.file.Path tree;

  @BeforeAll
  static void start() throws Exception {
    server = S3TestServer.start(dir.resolve("s3"), SECRET, BUCKET);
    // Two task slots; a failed task is tried up to three times.
    SparkSession.Builder builder = SharedSpark.builder("local[2,3]");
    server.s3aSettings().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
    spark = builder.getOrCreate();

    tree = dir.resolve("tr\u00e9\u00e9");
    for (String top : List.of("a", "a b", "\u00fcn\u00ef", "_x", ".hidden", "100% real")) {
      file(top + "/f.png");
      file(top + "/s1/t/deep.png");
      file(top + "/s2/t/u/deeper " + top + ".png");
    }
    file("top.png");
    file("_top.png");
    file(".top");
    file("notes.txt");
    file("c\u00f6d\u00e9 \u2603.png");
    file(NFD_NAME);
    file("l1/l2/l3/l4/l5/l6/bottom.png");
    Files.createDirectories(tree.resolve("empty/folder"));
    // Not inputs: the attributes CSV (non-ASCII rows, one spelled composed for the decomposed file name) and a file
    // in the folder the listings are told is the output.
    // Beside them, what either listing must read alike: a quoted comma, padding, an empty value, a key spelled with
    // "./" and spaces, and a row naming no file.
    Files.writeString(tree.resolve("attributes.csv"), "file,kind,note\n\u00fcn\u00ef/f.png,u,\"a, b\"\n"
        + "nfd/caf\u00e9.png,n,  padded  \ntop.png,t,\n  ./a/f.png ,a,x\r\nmissing.png,m,x\n", StandardCharsets.UTF_8);
    Files.createDirectories(tree.resolve("out"));
    Files.write(tree.resolve("out/stale.png"), png());
    EXPECTED.sort(Comparator.naturalOrder());

    FileSystem s3 = new Path("s3a://" + BUCKET + "/").getFileSystem(spark.sparkContext().hadoopConfiguration());
    // File by file: Hadoop's copyFromLocalFile fails on a name with '%' ("Cannot get relative path").
    try (var walk = Files.walk(tree)) {
      for (java.nio.file.Path local : walk.toList()) {
        String relative = tree.relativize(local).toString();
        if (relative.isEmpty()) {
          continue;
        }
        Path remote = new Path(new java.net.URI("s3a", BUCKET, "/tree/" + relative, null));
        if (Files.isDirectory(local)) {
          s3.mkdirs(remote);
        } else {
          try (var out = s3.create(remote, true)) {
            out.write(Files.readAllBytes(local));
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (server != null) {
      server.close();
    }
    FileSystem.closeAll(); // cached s3a file systems point at this server's port
  }

  private static void file(String relative) throws Exception {
    java.nio.file.Path file = tree.resolve(relative);
    Files.createDirectories(file.getParent());
    boolean picture = relative.endsWith(".png");
    Files.write(file, picture ? png() : relative.getBytes(StandardCharsets.UTF_8));
    EXPECTED.add(relative);
    if (picture) {
      PICTURES.add(relative);
    }
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  private static Path localRoot() throws Exception {
    Path root = new Path(tree.toUri());
    return root.getFileSystem(conf()).getFileStatus(root).getPath();
  }

  private static List<String> relatives(List<InputFile> files) {
    return files.stream().map(InputFile::relativePath).sorted().toList();
  }

  private static List<InputFile> rows(Path folder) {
    List<InputFile> files = new ArrayList<>();
    for (Row row : DistributedListing.read(spark, folder).collectAsList()) {
      files.add(new InputFile(row.getString(0), row.getString(1), row.getLong(2)));
    }
    files.sort(Comparator.comparing(InputFile::relativePath));
    return files;
  }

  private static void assertSameListing(Path root, String name) throws Exception {
    Set<Path> excluded = Set.of(new Path(root, "attributes.csv"));
    Path outTree = new Path(root, "out");
    List<InputFile> flat = InputListing.list(root, conf(), excluded, outTree);
    assertEquals(EXPECTED, relatives(flat), "the flat listing finds every file, and only those");
    for (InputFile file : flat) {
      assertEquals(Files.size(tree.resolve(file.relativePath())), file.length(), file.relativePath());
      assertTrue(new Path(file.path()).getFileSystem(conf()).exists(new Path(file.path())), file.path());
    }
    Set<Integer> prefixCounts = new HashSet<>();
    for (int target : new int[] {1, 15, 1000}) {
      Path folder = new Path(dir.resolve("listings").toUri().toString() + name + "-" + target);
      DistributedListing.Result result = DistributedListing.run(spark, root,
          new ListingScope(root, excluded, outTree), folder, target);
      assertEquals(flat, rows(folder), "same paths, names and sizes with " + target + " target prefixes");
      assertEquals(flat.size(), result.files());
      assertEquals(flat.stream().mapToLong(InputFile::length).sum(), result.bytes());
      prefixCounts.add(result.prefixes());
    }
    assertTrue(prefixCounts.size() >= 2, "the targets planned different prefixes: " + prefixCounts);
  }

  @Test
  void distributedListingEqualsTheFlatOneOnTheLocalDisk() throws Exception {
    assertSameListing(localRoot(), "local");
  }

  @Test
  void distributedListingEqualsTheFlatOneOnS3() throws Exception {
    Path root = new Path("s3a://" + BUCKET + "/tree");
    assertSameListing(root.getFileSystem(conf()).getFileStatus(root).getPath(), "s3");
  }

  @Test
  void aListingTaskThatFailsOnceLosesAndDuplicatesNothing() throws Exception {
    Path root = new Path("s3a://" + BUCKET + "/tree");
    Set<Path> excluded = Set.of(new Path(root, "attributes.csv"));
    ListingScope scope = new ListingScope(root, excluded, new Path(root, "out"));
    int target = ShardJob.LISTING_PREFIXES_PER_SLOT * spark.sparkContext().defaultParallelism(); // as the job plans
    // Fail the second prefix of the first listing task, after the task has emitted its first prefix's rows.
    List<DistributedListing.Prefix> plan = DistributedListing.plan(root.getFileSystem(conf()), root, scope, target);
    int tasks = Math.min(plan.size(), 4 * spark.sparkContext().defaultParallelism());
    assertTrue(plan.size() > tasks && plan.get(tasks).recursive(), "the plan has a recursive second prefix: " + plan);
    FailureCount failures = new FailureCount();
    spark.sparkContext().addSparkListener(failures);
    Configuration conf = conf();
    conf.set("fs.s3a.impl", FlakyListingS3AFileSystem.class.getName());
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
    try {
      FlakyListingS3AFileSystem.arm(plan.get(tasks).path());
      Path folder = new Path(dir.resolve("listings").toUri().toString() + "retry");
      DistributedListing.Result result = DistributedListing.run(spark, root, scope, folder, target);
      assertEquals(1, FlakyListingS3AFileSystem.failures(), "the armed listing failed once");
      assertEquals(1, failures.failed.get(), "Spark saw one failed task attempt and retried it");
      List<InputFile> listed = rows(folder);
      assertEquals(EXPECTED, relatives(listed), "every file once");
      assertEquals(EXPECTED.size(), result.files());

      // The whole shard job, listing distributed because the input is on an object store, with the same failure.
      FlakyListingS3AFileSystem.arm(plan.get(tasks).path());
      failures.failed.set(0);
      ShardSummary summary = ShardJob.run(spark, ShardOptions.of(root.toString(), "s3a://" + BUCKET + "/shards")
          .withSize(8).withAttributes(new Path(root, "attributes.csv").toString()));
      assertEquals(1, FlakyListingS3AFileSystem.failures());
      assertEquals(1, failures.failed.get());
      assertEquals("distributed", summary.listing().mode());
      assertEquals("object_store", summary.listing().reason());
      // out/ is not the output of this run, so it is input here.
      assertEquals(EXPECTED.size() + 1, summary.inputs());
      assertEquals(summary.inputs(), summary.accepted() + summary.rejected());
      Set<String> pictures = new TreeSet<>(PICTURES);
      pictures.add("out/stale.png");
      assertEquals(pictures.size(), summary.accepted());
      List<String> rowPaths = spark.read().parquet("s3a://" + BUCKET + "/shards/shards").select("image.path")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertEquals(pictures.size(), rowPaths.size(), "no row twice");
      assertEquals(pictures, new TreeSet<>(rowPaths));
      assertEquals(4, summary.attributes().matched(), "the CSV's non-ASCII rows name their files");
    } finally {
      conf.unset("fs.s3a.impl");
      conf.unset("fs.s3a.impl.disable.cache");
      spark.sparkContext().removeSparkListener(failures);
    }
  }

  @Test
  void theShardJobGivesTheSameOutputOnEitherListing() throws Exception {
    String input = tree.toString();
    ShardSummary flat = ShardJob.run(spark, ShardOptions.of(input, dir.resolve("shard-flat").toString()).withSize(8)
        .withListing(ListingMode.FLAT));
    ShardSummary distributed = ShardJob.run(spark, ShardOptions.of(input, dir.resolve("shard-dist").toString())
        .withSize(8).withListing(ListingMode.DISTRIBUTED));
    ShardSummary switched = ShardJob.run(spark, ShardOptions.of(input, dir.resolve("shard-auto").toString())
        .withSize(8).withListingThreshold(5));
    assertEquals("flat", flat.listing().mode());
    assertEquals("distributed", distributed.listing().mode());
    assertEquals("asked", distributed.listing().reason());
    assertEquals("distributed", switched.listing().mode());
    assertEquals("over_threshold", switched.listing().reason());
    assertTrue(distributed.listing().prefixes() > 1, "prefixes: " + distributed.listing().prefixes());
    for (ShardSummary summary : List.of(flat, distributed, switched)) {
      assertEquals(EXPECTED.size() + 1, summary.inputs(), "every file but attributes.csv: " + summary.listing());
      assertEquals(PICTURES.size() + 1, summary.accepted());
      assertEquals(summary.inputs() - summary.accepted(), summary.rejected());
      assertEquals(4, summary.attributes().matched(), "the CSV's non-ASCII rows name their files");
      assertEquals(1, summary.attributes().rowsWithoutInput(), "missing.png");
      assertEquals(summary.inputs(), summary.listing().files());
    }
    assertEquals(List.of("u|a, b", "n|padded", "t|-", "a|x"), List.of(attributesOf("\u00fcn\u00ef/f.png"),
        attributesOf(NFD_NAME), attributesOf("top.png"), attributesOf("a/f.png")));
    assertEquals(ids(dir.resolve("shard-flat")), ids(dir.resolve("shard-dist")));
    assertEquals(ids(dir.resolve("shard-flat")), ids(dir.resolve("shard-auto")));
    assertEquals(Files.readAllLines(dir.resolve("shard-flat/rejects.jsonl")).stream().sorted().toList(),
        Files.readAllLines(dir.resolve("shard-dist/rejects.jsonl")).stream().sorted().toList());
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("shard-dist/summary.json").toFile());
    assertEquals("distributed", summary.path("listing").path("mode").asText());
    assertEquals(distributed.listing().prefixes(), summary.path("listing").path("prefixes").asInt());
    assertNotNull(summary.path("listing").get("seconds"));
    try (var staging = Files.list(dir.resolve("shard-dist"))) {
      assertEquals(List.of(), staging.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).toList(),
          "no listing files left behind");
    }
  }

  @Test
  void aCsvNamingAFileTwiceIsRefusedOnEitherListing() throws Exception {
    java.nio.file.Path csv = dir.resolve("twice.csv");
    Files.writeString(csv, "file,kind\ntop.png,a\n./top.png,b\n", StandardCharsets.UTF_8);
    for (ListingMode mode : List.of(ListingMode.FLAT, ListingMode.DISTRIBUTED)) {
      dev.dgmspark.common.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(
          dev.dgmspark.common.UsageException.class, () -> ShardJob.run(spark, ShardOptions.of(tree.toString(),
              dir.resolve("twice-" + mode).toString()).withSize(8).withListing(mode).withAttributes(csv.toString())));
      assertTrue(e.getMessage().contains("top.png") && e.getMessage().contains("twice"), mode + ": " + e.getMessage());
      try (var left = Files.list(dir.resolve("twice-" + mode))) {
        assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), mode + ": nothing left behind");
      }
    }
  }

  /** Each shard row's id, relative path and attributes ({@code -} for none), sorted. */
  private static List<String> ids(java.nio.file.Path out) {
    return spark.read().parquet(out.resolve("shards").toString())
        .selectExpr("concat_ws('|', id, image.path, coalesce(kind, '-'), coalesce(note, '-'))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  /** The {@code kind|note} of the distributed shard job's row for {@code relativePath}. */
  private static String attributesOf(String relativePath) {
    return spark.read().parquet(dir.resolve("shard-dist").resolve("shards").toString())
        .filter(org.apache.spark.sql.functions.col("image.path").equalTo(relativePath))
        .selectExpr("concat_ws('|', coalesce(kind, '-'), coalesce(note, '-'))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().toString().replaceAll("^\\[|\\]$", "");
  }

  /** Counts failed task attempts. */
  private static final class FailureCount extends SparkListener {
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (!(taskEnd.reason() instanceof Success$)) {
        failed.incrementAndGet();
      }
    }
  }
}
