package dev.dgmspark.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.testing.Cli;
import dev.dgmspark.testing.LogCapture;
import dev.dgmspark.testing.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain with every path on {@code s3a://} against a real S3 server on loopback, through the command line
 * as a user runs it (credentials as {@code --conf spark.hadoop.fs.s3a...}): the demo (synth, shard from s3a to s3a,
 * train, debias), then encode; then a search of every log line, printed line and stored object for the secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PipelineTest {
  private static final String BUCKET = "pipeline";
  private static final int COUNT = 120;
  /** Random per run, so that a hit can only come from this run. */
  private static final String SECRET = "sk-" + UUID.randomUUID().toString().replace("-", "");
  @TempDir static Path dir;
  private static S3TestServer server;
  private static LogCapture capture;
  private static final List<Cli.Run> runs = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = S3TestServer.start(dir, SECRET, BUCKET);
    capture = LogCapture.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (capture != null) {
      capture.close();
    }
    if (server != null) {
      server.close();
    }
    FileSystem.closeAll(); // cached s3a file systems point at this server's port
  }

  private static Cli.Run dgm(String... args) {
    Cli.Run run = Cli.spark(server.s3aSettings(), args);
    runs.add(run);
    return run;
  }

  private static Path stored(String key) {
    return server.dataDir().resolve(BUCKET).resolve(key);
  }

  private static JsonNode json(String key) throws IOException {
    return Json.MAPPER.readTree(Files.readAllBytes(stored(key)));
  }

  @Test
  @Order(1)
  void theDemoRunsWithEveryPathOnS3() throws Exception {
    Cli.Run run = dgm("demo", "--out", "s3a://" + BUCKET + "/demo", "--count", "" + COUNT, "--size", "28",
        "--epochs", "1", "--latent-dim", "4");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("s3a://" + BUCKET + "/demo"), run.out());

    assertTrue(Files.isRegularFile(stored("demo/faces/attributes.csv")));
    JsonNode shard = json("demo/shards/summary.json");
    assertEquals(COUNT, shard.path("inputs").asInt());
    assertEquals(COUNT, shard.path("accepted").asInt() + shard.path("rejected").asInt());
    assertTrue(shard.path("input").asText().startsWith("s3a://" + BUCKET + "/demo/faces"), shard.toString());
    JsonNode index = json("demo/shards/index.json");
    long rows = 0;
    for (JsonNode entry : index.path("shards")) {
      byte[] bytes = Files.readAllBytes(stored("demo/shards/" + entry.path("file").asText()));
      assertEquals(entry.path("bytes").asLong(), bytes.length);
      assertEquals(entry.path("sha256").asText(), sha256(bytes), "stored shard is the one the index names");
      rows += entry.path("rows").asLong();
    }
    assertEquals(shard.path("accepted").asLong(), rows);

    assertTrue(Files.isRegularFile(stored("demo/model/model.zip")));
    assertTrue(Files.isRegularFile(stored("demo/model/checkpoints/epoch-0001.zip")));
    assertEquals(2, Files.readAllLines(stored("demo/model/metrics.csv")).size());
    assertEquals("vae", json("demo/model/summary.json").path("model").asText());

    JsonNode debias = json("demo/debias/summary.json");
    assertEquals(COUNT, debias.path("input_rows").asInt());
    assertEquals(COUNT, debias.path("output_rows").asInt());
    assertTrue(debias.path("attribute_shares").has("skin_tone"), debias.toString());
    assertEquals(debias.path("distinct_rows_drawn").asLong(),
        Files.readAllLines(stored("demo/debias/manifest.jsonl")).size());
    for (String folder : new String[] {"latents", "manifest.parquet", "weights.parquet"}) {
      JsonNode success = json("demo/debias/" + folder + "/_SUCCESS");
      assertEquals("magic", success.path("committer").asText(), folder + " committed by the S3A magic committer");
    }
    assertEquals(List.of(), leftovers(), "no staging or uncommitted upload left behind");
  }

  @Test
  @Order(2)
  void encodeReadsShardsAndModelFromS3AndWritesLatentsThere() throws Exception {
    Cli.Run run = dgm("encode", "--data", "s3a://" + BUCKET + "/demo/shards", "--model",
        "s3a://" + BUCKET + "/demo/model", "--out", "s3a://" + BUCKET + "/encoded");
    assertEquals(0, run.code(), run.toString());
    assertEquals(COUNT, json("encoded/summary.json").path("rows").asInt());
    assertEquals("magic", json("encoded/latents/_SUCCESS").path("committer").asText());
    try (Stream<Path> files = Files.list(stored("encoded/latents"))) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")));
    }
  }

  @Test
  @Order(3)
  void evaluateReadsModelAndShardsFromS3AndWritesItsReportThere() throws Exception {
    Cli.Run run = dgm("evaluate", "--model", "s3a://" + BUCKET + "/demo/model", "--data",
        "s3a://" + BUCKET + "/demo/shards", "--out", "s3a://" + BUCKET + "/evaluated", "--feature-epochs", "1",
        "--feature-images", "50", "--held-out-share", "0.5", "--count", "20");
    assertEquals(0, run.code(), run.toString());
    JsonNode evaluation = json("evaluated/evaluation.json");
    assertEquals("vae", evaluation.path("model_kind").asText());
    assertEquals(20, evaluation.path("generated_images").asInt());
    assertTrue(evaluation.path("frechet_ratio").isNumber(), evaluation.toString());
    assertTrue(Files.isRegularFile(stored("evaluated/index.html")));
    assertTrue(Files.isRegularFile(stored("evaluated/feature-model/feature-network.zip")), "the feature model is kept");
    assertEquals(List.of(), leftovers(), "no staging or uncommitted upload left behind");
  }

  @Test
  @Order(4)
  void latentArithmeticReadsAndWritesOnS3() throws Exception {
    Cli.Run run = dgm("generate", "--model", "s3a://" + BUCKET + "/demo/model", "--data",
        "s3a://" + BUCKET + "/demo/shards", "--shift", "skin=dark:2", "--count", "12", "--out",
        "s3a://" + BUCKET + "/shifted");
    assertEquals(0, run.code(), run.toString());
    JsonNode summary = json("shifted/summary.json");
    assertEquals("skin_tone", summary.path("attribute").asText());
    assertEquals(12, summary.path("count").asInt());
    assertEquals(12, summary.path("shard_accepted").asInt());
    assertEquals(13, Files.readAllLines(stored("shifted/images/attributes.csv")).size());
    assertTrue(Files.isRegularFile(stored("shifted/before_after.png")));
    assertEquals("magic", json("shifted/latents/_SUCCESS").path("committer").asText());
    assertEquals(List.of(), leftovers(), "no staging or uncommitted upload left behind");
  }

  @Test
  @Order(5)
  void theSecretAppearsInNoLogNoPrintedLineAndNoStoredObject() throws Exception {
    String logs = capture.text();
    assertTrue(logs.contains("audit: 3/5 debias") && logs.contains("S3A"), "the capture saw the run's logs");
    assertFalse(logs.contains(SECRET), "secret in the logs");
    for (Cli.Run run : runs) {
      assertFalse(run.toString().contains(SECRET), "secret in the command's output");
    }
    byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
    int scanned = 0;
    try (Stream<Path> files = Files.walk(server.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(contains(Files.readAllBytes(file), needle), "secret stored in " + file);
        scanned++;
      }
    }
    assertTrue(scanned > 20, "scanned the outputs: " + scanned + " objects");
  }

  /** Objects of unfinished work: staging folders, magic committer paths, temporary files. */
  private static List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.walk(server.dataDir())) {
      return files.map(p -> server.dataDir().relativize(p).toString())
          .filter(p -> p.contains("_staging") || p.contains("__magic") || p.endsWith(".tmp")).toList();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
