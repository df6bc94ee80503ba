package dev.dgmspark.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.cli.DgmCli;
import dev.dgmspark.io.Json;
import dev.dgmspark.testing.Cli;
import dev.dgmspark.testing.S3TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users see when S3 goes wrong: wrong credentials, a missing bucket, an unreachable endpoint, and a server that
 * dies in the middle of a write and comes back. Each failure exits 1 with a message naming the bucket or endpoint
 * and never the secret, and leaves nothing that looks finished.
 */
class S3FailureTest {
  private static final String BUCKET = "failures";
  private static final String SECRET = "failure-test-secret-8d2e61";
  private static final String WRONG = "wrong-secret-5a91c0";
  private static final int IMAGES = 600;
  @TempDir static Path dir;
  private static S3TestServer server;

  @BeforeAll
  static void startAndUploadImages() throws IOException {
    server = S3TestServer.start(dir, SECRET, BUCKET);
    Cli.Run synth = Cli.spark(server.s3aSettings(), "synth", "--out", "s3a://" + BUCKET + "/faces", "--count",
        "" + IMAGES, "--size", "32");
    assertEquals(0, synth.code(), synth.toString());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    FileSystem.closeAll();
  }

  @BeforeEach
  void freshFileSystems() throws IOException {
    // Hadoop caches one file system per bucket: without this a run would reuse the previous run's credentials.
    FileSystem.closeAll();
  }

  private static Path stored(String key) {
    return server.dataDir().resolve(BUCKET).resolve(key);
  }

  private static void assertFailedNaming(Cli.Run run, String... mentions) {
    assertEquals(DgmCli.EXIT_FAILED, run.code(), run.toString());
    String first = run.err().lines().findFirst().orElse("");
    for (String mention : mentions) {
      assertTrue(first.contains(mention), "the message's first line names " + mention + ": " + run.err());
    }
    assertFalse(run.toString().contains(SECRET), "the secret is in the output: " + run);
    assertFalse(run.toString().contains(WRONG), "the wrong secret is in the output: " + run);
  }

  @Test
  void wrongCredentialsExitOneNamingTheBucketAndLeaveNothing() {
    Map<String, String> settings = server.s3aSettings(WRONG);
    Cli.Run run = Cli.spark(settings, "shard", "--input", "s3a://" + BUCKET + "/faces", "--out",
        "s3a://" + BUCKET + "/wrong-credentials");
    assertFailedNaming(run, "s3a://" + BUCKET + "/", "credentials");
    assertFalse(Files.exists(stored("wrong-credentials")));
  }

  @Test
  void aMissingBucketExitsOneNamingIt() {
    Cli.Run run = Cli.spark(server.s3aSettings(), "shard", "--input", "s3a://no-such-bucket/faces", "--out",
        "s3a://no-such-bucket/out");
    assertFailedNaming(run, "no-such-bucket", "does not exist");
  }

  @Test
  void anUnreachableEndpointExitsOneNamingItWithinBoundedTime() throws IOException {
    Map<String, String> settings = new java.util.LinkedHashMap<>(server.s3aSettings());
    String endpoint;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      endpoint = "127.0.0.1:" + socket.getLocalPort(); // free once closed: nothing listens there
    }
    settings.put("fs.s3a.endpoint", "http://" + endpoint);
    long start = System.nanoTime();
    Cli.Run run = Cli.spark(settings, "shard", "--input", "s3a://" + BUCKET + "/faces", "--out",
        "s3a://" + BUCKET + "/unreachable");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertFailedNaming(run, endpoint, "Cannot reach");
    assertTrue(seconds < 60, "failed after " + seconds + " s");
  }

  @Test
  void aServerStoppedMidWriteFailsTheRunAndARerunAfterItsRestartWritesWholeOutputs() throws Exception {
    List<String> args = List.of("shard", "--input", "s3a://" + BUCKET + "/faces", "--out",
        "s3a://" + BUCKET + "/crash", "--partitions", "12", "--shard-size-mb", "1");
    Path staging = stored("crash/_staging");
    // The first run's S3A holds every shard file after the first at a gate, so the job cannot finish before the
    // server is stopped: the first task's shard is stored, the other tasks are waiting to write theirs.
    Map<String, String> gated = new java.util.LinkedHashMap<>(server.s3aSettings());
    gated.put("fs.s3a.impl", GatedS3AFileSystem.class.getName());
    gated.put("fs.s3a.impl.disable.cache", "true");
    GatedS3AFileSystem.arm();
    CompletableFuture<Cli.Run> first = CompletableFuture.supplyAsync(
        () -> Cli.spark(gated, args.toArray(new String[0])));
    Cli.Run failed;
    try {
      assertTrue(GatedS3AFileSystem.awaitHeld(120), "a task reached the gate");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!hasFiles(staging) && System.nanoTime() < deadline) {
        Thread.sleep(20);   // the first shard is being uploaded; the job cannot end meanwhile
      }
      assertTrue(hasFiles(staging), "the first task's shard is stored");
      assertFalse(first.isDone(), "the job is still running");
      server.stop();
    } finally {
      GatedS3AFileSystem.release();
    }
    try {
      failed = first.get(300, TimeUnit.SECONDS);
    } finally {
      server.start();   // whatever happened, the other tests of this class need the server
    }
    assertFailedNaming(failed, server.endpoint().substring("http://".length()), "Cannot reach");
    assertFalse(Files.exists(stored("crash/summary.json")), "a failed run never looks finished");
    assertFalse(Files.exists(stored("crash/index.json")));

    FileSystem.closeAll();
    Cli.Run rerun = Cli.spark(server.s3aSettings(), args.toArray(new String[0]));
    assertEquals(0, rerun.code(), rerun.toString());
    JsonNode summary = Json.MAPPER.readTree(Files.readAllBytes(stored("crash/summary.json")));
    assertEquals(IMAGES, summary.path("inputs").asInt());
    assertEquals(IMAGES, summary.path("accepted").asInt(), summary.toString());
    JsonNode index = Json.MAPPER.readTree(Files.readAllBytes(stored("crash/index.json")));
    long rows = 0;
    List<String> listed = new java.util.ArrayList<>();
    for (JsonNode entry : index.path("shards")) {
      byte[] bytes = Files.readAllBytes(stored("crash/" + entry.path("file").asText()));
      assertEquals(entry.path("sha256").asText(),
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      rows += entry.path("rows").asLong();
      listed.add(Path.of(entry.path("file").asText()).getFileName().toString());
    }
    assertEquals(IMAGES, rows);
    try (Stream<Path> files = Files.list(stored("crash/shards"))) {
      assertEquals(listed.stream().sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no shard of the failed run is left");
    }
    assertFalse(Files.exists(staging), "staging cleaned");
  }

  private static boolean hasFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(p -> Files.isRegularFile(p) && p.toString().endsWith(".parquet"));
    }
  }
}
