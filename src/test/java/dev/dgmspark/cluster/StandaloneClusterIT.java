package dev.dgmspark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import dev.dgmspark.testing.S3TestServer;
import org.apache.commons.io.FileUtils;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The jobs submitted with {@code jobs/*.sh} to a two-worker Spark standalone cluster on 127.0.0.1, in client and
 * cluster deploy mode, and the faults a cluster has: an executor killed during train and during debias, the driver
 * killed during train (then {@code --resume}) and during debias (then a re-run into the same folder); and shards
 * written to {@code s3a://} (an s3proxy on 127.0.0.1) from the executors.
 *
 * <p>Each worker has two cores and each application two one-core executors, so that in cluster deploy mode the
 * driver (one core on a worker) and two executors fit; the spread-out scheduling puts one executor on each worker.
 * Images are 64x64 so that encoding takes several seconds per task: long enough to kill an executor mid-task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
  private static final int IMAGES = 600;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private StandaloneCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    work = StandaloneCluster.projectRoot().resolve("target/it-cluster");
    FileUtils.deleteDirectory(work.toFile());
    Files.createDirectories(work);
    cluster = StandaloneCluster.start(work.resolve("cluster"), 2, 2, "3g");
    assertEquals(2, cluster.aliveWorkers(), "workers alive according to the master");
    // synth draws pictures in the driver's threads (no Spark tasks), so only its exit status is checked here.
    JobRun synth = job("synth", "synth").args("--out", path("raw"), "--count", String.valueOf(IMAGES), "--size", "64",
        "--seed", "11");
    assertEquals(0, synth.run(JOB_TIMEOUT), synth::logTail);
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void clientModePipelineRunsInTwoExecutorJvms() throws Exception {
    runPipeline("client", "client");

    JsonNode shardSummary = readJson("client/shards/summary.json");
    assertEquals(IMAGES, shardSummary.path("inputs").asLong());
    assertEquals(IMAGES, shardSummary.path("accepted").asLong());
    assertEquals(IMAGES, readJson("client/shards/index.json").path("rows").asLong());
    assertEquals(List.of(1, 2), metricEpochs("client/model"));
    assertTrue(Files.isRegularFile(work.resolve("client/model/model.zip")));
    assertEquals(IMAGES, drawnRows("client/debias"));
    assertEquals(IMAGES, readJson("client/debias/summary.json").path("input_rows").asLong(),
        "debias read every row");
  }

  @Test
  @Order(2)
  void clusterModePipelineMatchesClientMode() throws Exception {
    runPipeline("cluster", "cluster");

    // Sharding is deterministic: the driver on a worker writes the same rows to the same files as the driver here.
    // (Not the same bytes: parquet-mr writes each column's encoding list in HashSet order, which differs between
    // JVMs.)
    assertEquals(shardRows("client/shards"), shardRows("cluster/shards"));
    assertEquals(List.of(1, 2), metricEpochs("cluster/model"));
    assertEquals(IMAGES, drawnRows("cluster/debias"));
  }

  @Test
  @Order(3)
  void clusterModeSubmissionFailsWhenTheDriverFails() throws Exception {
    JobRun run = job("shard", "cluster-failing").deployMode("cluster")
        .args("--input", path("no-such-folder"), "--out", path("cluster-failing"));
    assertEquals(1, run.run(JOB_TIMEOUT), run::logTail);
    java.util.regex.Matcher driver = java.util.regex.Pattern.compile("submitted as (driver-[0-9-]+)")
        .matcher(run.log());
    assertTrue(driver.find(), run::logTail);
    assertEquals(Optional.of("FAILED"), cluster.driverState(driver.group(1)), "the master's view of the driver");
    assertTrue(run.log().contains("ended FAILED"), run::logTail);
  }

  @Test
  @Order(4)
  void trainingSurvivesAKilledExecutor() throws Exception {
    JobRun run = job("train", "train-executor-kill").args("--model", "vae", "--data", path("client/shards"),
        "--out", path("train-executor-kill"), "--epochs", "3", "--max-batches", "4", "--batch-size", "32",
        "--latent-dim", "4").start();
    String killed = killBusyExecutorDuring(run, description -> description.startsWith("train: epoch 2/"));

    assertEquals(0, run.await(JOB_TIMEOUT), run::logTail);
    EventLog events = run.eventLog();
    assertTrue(events.executorsRemoved().contains(killed), () -> "executor " + killed + " lost: " + events);
    assertEquals(List.of(1, 2, 3), metricEpochs("train-executor-kill"), "no epoch lost");
    assertTrue(Files.isRegularFile(work.resolve("train-executor-kill/model.zip")));
    assertTrue(Files.isRegularFile(work.resolve("train-executor-kill/summary.json")));
  }

  @Test
  @Order(5)
  void debiasSurvivesAKilledExecutorWithIdenticalOutput() throws Exception {
    JobRun run = job("debias", "debias-executor-kill").args("--data", path("client/shards"), "--model",
        path("client/model"), "--out", path("debias-executor-kill")).start();
    String killed = killBusyExecutorDuring(run, description -> description.startsWith("encode:"));

    assertEquals(0, run.await(JOB_TIMEOUT), run::logTail);
    EventLog events = run.eventLog();
    assertTrue(events.executorsRemoved().contains(killed), () -> "executor " + killed + " lost: " + events);
    assertFalse(events.failedTasks().isEmpty(), () -> "the kill hit a running task: " + events);
    // Same rows, same weights, same seeded draws as the undisturbed run of test 1.
    assertArrayEquals(Files.readAllBytes(work.resolve("client/debias/manifest.jsonl")),
        Files.readAllBytes(work.resolve("debias-executor-kill/manifest.jsonl")));
  }

  @Test
  @Order(6)
  void trainingResumesFromTheLastCheckpointAfterTheDriverIsKilled() throws Exception {
    Path out = work.resolve("train-driver-kill");
    JobRun first = job("train", "train-driver-kill-1").args("--model", "vae", "--data", path("client/shards"),
        "--out", out.toString(), "--epochs", "3", "--max-batches", "4", "--batch-size", "32",
        "--latent-dim", "4").start();
    Path checkpoint = out.resolve("checkpoints/epoch-0001.zip");
    awaitCondition(first, () -> Files.isRegularFile(checkpoint), "the first checkpoint");
    first.killDriver();
    assertFalse(Files.exists(out.resolve("summary.json")), "a killed run does not look finished");
    byte[] checkpointBefore = Files.readAllBytes(checkpoint);
    List<String> epochOneRow = metricRows(out).subList(0, 1);

    JobRun resumed = job("train", "train-driver-kill-2").args("--model", "vae", "--data", path("client/shards"),
        "--out", out.toString(), "--epochs", "3", "--max-batches", "4", "--batch-size", "32", "--latent-dim", "4",
        "--resume");
    assertEquals(0, resumed.run(JOB_TIMEOUT), resumed::logTail);
    String log = resumed.log();
    assertTrue(log.contains("resuming"), log);
    assertFalse(log.contains("epoch 1/3"), "epoch 1 is not trained again:\n" + log);
    List<Integer> epochs = metricEpochs("train-driver-kill");
    assertEquals(3, epochs.get(epochs.size() - 1));
    assertEquals(epochs.stream().distinct().toList(), epochs, "each epoch once");
    assertEquals(epochOneRow, metricRows(out).subList(0, 1), "the epoch-1 row of the killed run is kept");
    assertArrayEquals(checkpointBefore, Files.readAllBytes(checkpoint), "the epoch-1 checkpoint is untouched");
    assertTrue(Files.isRegularFile(out.resolve("model.zip")));
  }

  @Test
  @Order(7)
  void aRerunReplacesThePartialOutputOfAKilledDriver() throws Exception {
    Path out = work.resolve("debias-driver-kill");
    JobRun first = job("debias", "debias-driver-kill-1").args("--data", path("client/shards"), "--model",
        path("client/model"), "--out", out.toString()).start();
    awaitCondition(first, () -> first.driverUi().appId().map(id -> !first.driverUi().busyExecutors(id).isEmpty())
        .orElse(false), "a running encode task");
    first.killDriver();
    assertFalse(Files.exists(out.resolve("summary.json")));
    assertTrue(Files.isDirectory(out), "the killed run left its partial folder");

    JobRun rerun = job("debias", "debias-driver-kill-2").args("--data", path("client/shards"), "--model",
        path("client/model"), "--out", out.toString());
    assertEquals(0, rerun.run(JOB_TIMEOUT), rerun::logTail);
    assertArrayEquals(Files.readAllBytes(work.resolve("client/debias/manifest.jsonl")),
        Files.readAllBytes(out.resolve("manifest.jsonl")));
    assertEquals(fileShape(work.resolve("client/debias")), fileShape(out),
        "the same files as an undisturbed run, nothing left over");
  }

  @Test
  @Order(8)
  void jobsReadAndWriteS3FromTheExecutors() throws Exception {
    // The executors get S3A from the assembled SPARK_HOME, not from the application jar.
    String secret = "cluster-secret-" + System.nanoTime();
    try (S3TestServer s3 = S3TestServer.start(work.resolve("s3"), secret, "dgm")) {
      JobRun shard = job("shard", "s3-shard").args("--input", path("raw"), "--out", "s3a://dgm/shards",
          "--size", "64");
      s3.s3aSettings().forEach((key, value) -> shard.conf("spark.hadoop." + key, value));
      assertEquals(0, shard.run(JOB_TIMEOUT), shard::logTail);
      EventLog events = shard.eventLog();
      assertTrue(events.succeededOn().size() >= 2, events::toString);
      // s3proxy's filesystem backend keeps each object as a file under bucket/key.
      Path stored = s3.dataDir().resolve("dgm/shards");
      assertEquals(IMAGES, JSON.readTree(stored.resolve("summary.json").toFile()).path("accepted").asLong());
      assertEquals(shardRows("client/shards"), shardRows(stored));
      // Not in the driver's output, nor the event log (Spark redacts it there), nor the executors' logs.
      assertFalse(shard.log().contains(secret), "the submission's output holds the secret");
      assertNoFileHolds(work.resolve("logs/s3-shard-events"), secret);
      try (Stream<Path> workers = Files.list(cluster.dir().resolve("work"))) {
        for (Path worker : workers.toList()) {
          assertTrue(Files.isDirectory(worker.resolve(events.appId())), "executor logs of " + worker);
          assertNoFileHolds(worker.resolve(events.appId()), secret);
        }
      }
      assertNoFileHolds(stored, secret);

      // Credentials from the submitter's environment only: Spark hands AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
      // to the executors' Hadoop configuration.
      JobRun fromEnvironment = job("shard", "s3-shard-env").args("--input", path("raw"), "--out",
          "s3a://dgm/shards-env", "--size", "64")
          .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY).env("AWS_SECRET_ACCESS_KEY", secret);
      s3.s3aSettings().forEach((key, value) -> {
        if (!key.endsWith(".access.key") && !key.endsWith(".secret.key") && !key.endsWith("credentials.provider")) {
          fromEnvironment.conf("spark.hadoop." + key, value);
        }
      });
      assertEquals(0, fromEnvironment.run(JOB_TIMEOUT), fromEnvironment::logTail);
      assertEquals(shardRows("client/shards"), shardRows(s3.dataDir().resolve("dgm/shards-env")));
      assertFalse(fromEnvironment.log().contains(secret));
    }
  }

  @Test
  @Order(9)
  void conditionalGanTrainsAcrossTwoExecutorJvmsAndGenerates() throws Exception {
    JobRun train = job("train", "cgan-train").args("--model", "cgan", "--condition", "hair,glasses", "--data",
        path("client/shards"), "--out", path("cgan"), "--epochs", "2", "--max-batches", "6", "--batch-size", "32",
        "--filters", "4", "--averaging-frequency", "2", "--eval-samples", "64");
    EventLog events = assertOk(train);
    assertTrue(events.succeededOn().size() >= 2, () -> "averaging rounds ran in two executor JVMs: " + events);
    assertEquals(List.of(1, 2), metricEpochs("cgan"));
    assertTrue(Files.isRegularFile(work.resolve("cgan/model.zip")));
    JsonNode summary = readJson("cgan/summary.json");
    for (String figure : List.of("mode_coverage", "attribute_tv_distance", "frechet_distance", "classifier_accuracy",
        "condition_accuracy")) {
      assertTrue(summary.has(figure), () -> figure + " in " + summary);
    }

    JobRun generate = job("generate", "cgan-generate").args("--model", path("cgan"), "--count", "40",
        "--condition", "glasses=yes", "--out", path("cgan-generated"));
    assertOk(generate);
    assertEquals(40, readJson("cgan-generated/shards/index.json").path("rows").asLong());
    assertTrue(Files.isRegularFile(work.resolve("cgan-generated/grid.png")));
  }

  @Test
  @Order(10)
  void evaluateAndLatentArithmeticRunInTwoExecutorJvms() throws Exception {
    EventLog evaluate = assertOk(job("evaluate", "vae-evaluate").args("--model", path("client/model"), "--data",
        path("client/shards"), "--out", path("evaluated"), "--feature-epochs", "1", "--feature-images", "100",
        "--count", "40"));
    assertTrue(evaluate.succeededOn().size() >= 2, () -> "shard reads ran in two executor JVMs: " + evaluate);
    JsonNode evaluation = readJson("evaluated/evaluation.json");
    assertEquals("vae", evaluation.path("model_kind").asText());
    assertEquals(40, evaluation.path("generated_images").asInt());
    assertTrue(Files.isRegularFile(work.resolve("evaluated/index.html")));

    EventLog shift = assertOk(job("generate", "vae-shift").args("--model", path("client/model"), "--data",
        path("client/shards"), "--shift", "glasses=yes:2", "--count", "30", "--out", path("shifted")));
    assertTrue(shift.succeededOn().size() >= 2, () -> "encoding ran in two executor JVMs: " + shift);
    JsonNode summary = readJson("shifted/summary.json");
    assertEquals(30, summary.path("count").asInt());
    assertEquals(IMAGES, summary.path("images_with_value").asLong() + summary.path("images_without_value").asLong());
    assertEquals(30, readJson("shifted/shards/index.json").path("rows").asLong());
  }

  @Test
  @Order(11)
  void anExecutorLargerThanAnyWorkerFailsWithinAMinuteNamingTheSetting() throws Exception {
    // Workers offer 3g; without the check the job would wait forever for an executor that cannot start.
    JobRun run = job("shard", "too-big").conf("spark.executor.memory", "16g")
        .args("--input", path("raw"), "--out", path("too-big"));
    assertEquals(2, run.run(Duration.ofMinutes(1)), run::logTail);
    String log = run.log();
    assertTrue(log.contains("spark.executor.memory is 16 GiB") && log.contains("the largest with 3 GiB"), log);
    assertFalse(log.contains("Initial job has not accepted any resources"), log);
    assertFalse(Files.exists(work.resolve("too-big/summary.json")));
  }

  @Test
  @Order(12)
  void auditRunsOnTheClusterAndARerunKeepsEveryStage() throws Exception {
    EventLog events = assertOk(job("audit", "audit").args("--input", path("raw"), "--out", path("audit"),
        "--epochs", "1", "--max-batches", "3", "--latent-dim", "4"));
    assertTrue(events.succeededOn().size() >= 2, () -> "tasks ran in two executor JVMs: " + events);
    for (String stage : List.of("shards", "model", "debias", "outliers")) {
      assertTrue(Files.isRegularFile(work.resolve("audit").resolve(stage).resolve("summary.json")), stage);
    }
    assertEquals(IMAGES, readJson("audit/debias/summary.json").path("input_rows").asLong());
    for (String page : List.of("index", "shards", "model", "debias", "outliers")) {
      assertTrue(Files.isRegularFile(work.resolve("audit/report").resolve(page + ".html")), page);
    }
    JobRun rerun = job("audit", "audit-rerun").args("--input", path("raw"), "--out", path("audit"),
        "--epochs", "1", "--max-batches", "3", "--latent-dim", "4");
    assertEquals(0, rerun.run(JOB_TIMEOUT), rerun::logTail);
    assertEquals(4, rerun.log().lines().filter(l -> l.matches("\\s+\\w+\\s+kept\\s+.*")).count(), rerun::logTail);
  }

  @Test
  @Order(13)
  void dbvaeResamplesEveryEpochInTheExecutorsAndComparesWithItsBaseline() throws Exception {
    EventLog train = assertOk(job("train", "dbvae-train").args("--model", "dbvae", "--label", "glasses",
        "--groups", "skin_tone", "--data", path("client/shards"), "--out", path("dbvae"), "--epochs", "2",
        "--max-batches", "4", "--batch-size", "32", "--averaging-frequency", "2"));
    assertTrue(train.succeededOn().size() >= 2, () -> "encoding, drawing and training ran in two executor JVMs: "
        + train);
    assertEquals(List.of(1, 2), metricEpochs("dbvae"));
    assertTrue(Files.isRegularFile(work.resolve("dbvae/baseline/model.zip")), "the baseline trained in the same run");
    assertEquals(3, Files.readAllLines(work.resolve("dbvae/resampling.csv")).size(), "one draw an epoch");
    JsonNode summary = readJson("dbvae/summary.json");
    for (String model : List.of("dbvae", "baseline")) {
      assertTrue(summary.path("group_accuracy").path(model).size() >= 1, () -> model + " per group: " + summary);
      assertTrue(summary.path("accuracy_variance").has(model), () -> model + " variance: " + summary);
    }
  }

  private static void assertNoFileHolds(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList()) {
        assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(secret), () -> file + " holds the secret");
      }
    }
  }

  private void runPipeline(String deployMode, String folder) throws Exception {
    List<EventLog> logs = new ArrayList<>();
    logs.add(assertOk(job("shard", folder + "-shard").deployMode(deployMode)
        .args("--input", path("raw"), "--out", path(folder + "/shards"), "--size", "64")));
    logs.add(assertOk(job("train", folder + "-train").deployMode(deployMode)
        .args("--model", "vae", "--data", path(folder + "/shards"), "--out", path(folder + "/model"),
            "--epochs", "2", "--max-batches", "3", "--batch-size", "32", "--latent-dim", "4")));
    logs.add(assertOk(job("debias", folder + "-debias").deployMode(deployMode)
        .args("--data", path(folder + "/shards"), "--model", path(folder + "/model"),
            "--out", path(folder + "/debias"))));
    for (EventLog log : logs) {
      assertTrue(log.ended(), log::toString);
      assertTrue(log.succeededOn().size() >= 2, () -> "tasks ran in two executor JVMs: " + log);
      assertEquals(Optional.of("FINISHED"), cluster.applicationState(log.appId()), log::toString);
    }
  }

  private JobRun job(String command, String name) throws IOException {
    return JobRun.of(command, name, work.resolve("logs"), cluster);
  }

  private EventLog assertOk(JobRun run) throws Exception {
    assertEquals(0, run.run(JOB_TIMEOUT), run::logTail);
    return run.eventLog();
  }

  private String path(String relative) {
    return work.resolve(relative).toString();
  }

  /**
   * Waits until a job whose description matches runs with a busy executor, then {@code kill -9}s that executor's
   * JVM. Returns the executor id.
   */
  private String killBusyExecutorDuring(JobRun run, Predicate<String> job) throws Exception {
    String[] victim = new String[2];
    awaitCondition(run, () -> {
      Optional<String> appId = run.driverUi().appId();
      if (appId.isEmpty() || run.driverUi().runningJobs(appId.get()).stream().noneMatch(job)) {
        return false;
      }
      List<String> busy = run.driverUi().busyExecutors(appId.get());
      if (busy.isEmpty()) {
        return false;
      }
      victim[0] = appId.get();
      victim[1] = busy.get(0);
      return true;
    }, "a busy executor");
    ProcessHandle executor = cluster.executorProcess(victim[0], victim[1]).orElseThrow(
        () -> new AssertionError("no JVM for executor " + victim[1] + " of " + victim[0]));
    assertTrue(executor.destroyForcibly(), "SIGKILL sent");
    executor.onExit().get();
    return victim[1];
  }

  /** Polls every 100 ms, at most as long as a job may take; fails if the job ends first. */
  private static void awaitCondition(JobRun run, IoCondition condition, String what) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      if (!run.isAlive()) {
        throw new AssertionError("the job ended before " + what + ":\n" + run.logTail());
      }
      Thread.sleep(100);
    }
    run.killDriver();
    throw new AssertionError("no " + what + " within " + JOB_TIMEOUT);
  }

  /** A condition polled by {@link #awaitCondition}. */
  private interface IoCondition {
    boolean holds() throws IOException;
  }

  private JsonNode readJson(String relative) throws IOException {
    return JSON.readTree(work.resolve(relative).toFile());
  }

  /** Per shard file of the index: its name, row count, and each row's id, source digest and image digest. */
  private List<String> shardRows(String folder) throws Exception {
    return shardRows(work.resolve(folder));
  }

  private static List<String> shardRows(Path folder) throws Exception {
    List<String> rows = new ArrayList<>();
    for (JsonNode shard : JSON.readTree(folder.resolve("index.json").toFile()).path("shards")) {
      String file = shard.path("file").asText();
      rows.add(file + " " + shard.path("rows").asLong());
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder.resolve(file).toUri());
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          byte[] image = row.getGroup("image", 0).getBinary("bytes", 0).getBytes();
          rows.add(row.getString("id", 0) + " " + row.getString("sha256", 0) + " "
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
        }
      }
    }
    return rows;
  }

  /** Rows drawn into a debiased manifest: the sum of its {@code count} fields. */
  private long drawnRows(String folder) throws IOException {
    long drawn = 0;
    for (String line : Files.readAllLines(work.resolve(folder).resolve("manifest.jsonl"))) {
      drawn += JSON.readTree(line).path("count").asLong();
    }
    return drawn;
  }

  private static List<String> metricRows(Path model) throws IOException {
    List<String> lines = Files.readAllLines(model.resolve("metrics.csv"));
    return lines.subList(1, lines.size());
  }

  private List<Integer> metricEpochs(String model) throws IOException {
    return metricRows(work.resolve(model)).stream().map(row -> Integer.parseInt(row.split(",")[0])).toList();
  }

  /** Relative paths of a folder's files, with Spark's random part-file ids and checksum files left out. */
  private static Set<String> fileShape(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      Set<String> shape = new TreeSet<>();
      files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
          .filter(name -> !name.endsWith(".crc"))
          .map(name -> name.replaceAll("part-(\\d+)-[0-9a-f-]{36}", "part-$1"))
          .forEach(shape::add);
      return shape;
    }
  }
}
