package dev.dgmspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and workers on 127.0.0.1, started and stopped through {@code scripts/cluster-up} and
 * {@code scripts/cluster-down}, the scripts users run.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path root;
  private final Path dir;
  private final int masterPort;
  private final int webUiPort;

  private StandaloneCluster(Path root, Path dir, int masterPort, int webUiPort) {
    this.root = root;
    this.dir = dir;
    this.masterPort = masterPort;
    this.webUiPort = webUiPort;
  }

  /** The project's root folder (where {@code scripts/} and {@code jobs/} are). */
  public static Path projectRoot() {
    return Path.of(System.getProperty("dgm.root", "")).toAbsolutePath();
  }

  /**
   * Starts {@code workers} workers with {@code coresPerWorker} cores each on free ports; state under {@code dir}.
   */
  public static StandaloneCluster start(Path dir, int workers, int coresPerWorker, String workerMemory)
      throws IOException, InterruptedException {
    Path root = projectRoot();
    StandaloneCluster cluster = new StandaloneCluster(root, dir, freePort(), freePort());
    Files.createDirectories(dir);
    ProcessBuilder up = new ProcessBuilder(root.resolve("scripts/cluster-up").toString(), String.valueOf(workers))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("cluster-up.log").toFile());
    up.environment().putAll(Map.of(
        "CLUSTER_DIR", dir.toString(),
        "MASTER_PORT", String.valueOf(cluster.masterPort),
        "MASTER_WEBUI_PORT", String.valueOf(cluster.webUiPort),
        "WORKER_CORES", String.valueOf(coresPerWorker),
        "WORKER_MEMORY", workerMemory));
    Process process = up.start();
    // Bounded: assembling SPARK_HOME (first run only), master and workers.
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      cluster.close();
      throw new IllegalStateException("cluster-up did not finish in 5 minutes; see " + dir.resolve("cluster-up.log"));
    }
    if (process.exitValue() != 0) {
      cluster.close();
      throw new IllegalStateException("cluster-up failed: " + Files.readString(dir.resolve("cluster-up.log")));
    }
    return cluster;
  }

  /** A TCP port free on this machine now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's JSON status ({@code /json/}): workers, running and completed applications and drivers. */
  public JsonNode masterStatus() {
    return getJson("http://127.0.0.1:" + webUiPort + "/json/");
  }

  /** Workers the master sees as ALIVE. */
  public int aliveWorkers() {
    int alive = 0;
    for (JsonNode worker : masterStatus().path("workers")) {
      if ("ALIVE".equals(worker.path("state").asText())) {
        alive++;
      }
    }
    return alive;
  }

  /** The state the master reports for an application ({@code FINISHED}, {@code RUNNING}...), if it knows it. */
  public Optional<String> applicationState(String appId) {
    return stateIn(appId, "activeapps", "completedapps");
  }

  /** The state of a cluster-mode driver ({@code FINISHED}, {@code FAILED}...), if the master knows it. */
  public Optional<String> driverState(String driverId) {
    return stateIn(driverId, "activedrivers", "completeddrivers");
  }

  private Optional<String> stateIn(String id, String... lists) {
    JsonNode status = masterStatus();
    for (String list : lists) {
      for (JsonNode entry : status.path(list)) {
        if (id.equals(entry.path("id").asText())) {
          return Optional.of(entry.path("state").asText());
        }
      }
    }
    return Optional.empty();
  }

  /** The executor JVMs the workers run for one application (standalone: one JVM per executor). */
  public List<ProcessHandle> executorProcesses(String appId) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(process -> {
      String[] args = process.info().arguments().orElse(new String[0]);
      boolean executor = false;
      boolean ofApp = false;
      for (int i = 0; i < args.length; i++) {
        executor |= args[i].equals("org.apache.spark.executor.CoarseGrainedExecutorBackend");
        ofApp |= args[i].equals("--app-id") && i + 1 < args.length && args[i + 1].equals(appId);
      }
      if (executor && ofApp && process.isAlive()) {
        found.add(process);
      }
    });
    return found;
  }

  /** The executor JVM of one executor id of an application, if it runs. */
  public Optional<ProcessHandle> executorProcess(String appId, String executorId) {
    return executorProcesses(appId).stream().filter(process -> {
      String[] args = process.info().arguments().orElse(new String[0]);
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals("--executor-id") && args[i + 1].equals(executorId)) {
          return true;
        }
      }
      return false;
    }).findFirst();
  }

  /** Where the cluster keeps its logs and work folders. */
  public Path dir() {
    return dir;
  }

  static JsonNode getJson(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops exactly what {@link #start} started (cluster-down reads the recorded PIDs). */
  @Override
  public void close() throws IOException, InterruptedException {
    ProcessBuilder down = new ProcessBuilder(root.resolve("scripts/cluster-down").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cluster-up.log").toFile()));
    down.environment().put("CLUSTER_DIR", dir.toString());
    Process process = down.start();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
  }
}
