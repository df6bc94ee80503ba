package dev.dgmspark.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One submission of a dgm job through {@code jobs/<command>.sh} (spark-submit) to a standalone cluster, with its
 * own event log folder and driver UI port so that a test can see where its tasks ran.
 */
public final class JobRun {
  private final String command;
  private final String name;
  private final Path logDir;
  private final StandaloneCluster cluster;
  private final Map<String, String> conf = new LinkedHashMap<>();
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String deployMode = "client";
  private final int uiPort;
  private Process process;

  private JobRun(String command, String name, Path logDir, StandaloneCluster cluster) throws IOException {
    this.command = command;
    this.name = name;
    this.logDir = logDir;
    this.cluster = cluster;
    this.uiPort = StandaloneCluster.freePort();
    // Sized for one-machine test clusters: the defaults in conf/ ask for 4g drivers and executors.
    conf.put("spark.driver.memory", "1g");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.cores.max", "2");
    conf.put("spark.executor.cores", "1");
    conf.put("spark.eventLog.enabled", "true");
    conf.put("spark.eventLog.dir", eventLogDir().toUri().toString());
    conf.put("spark.ui.port", String.valueOf(uiPort));
    conf.put("spark.port.maxRetries", "32");
  }

  /** A run of {@code jobs/<command>.sh}; {@code name} names its log and event log folder under {@code logDir}. */
  public static JobRun of(String command, String name, Path logDir, StandaloneCluster cluster) throws IOException {
    return new JobRun(command, name, logDir, cluster);
  }

  /** Sets {@code DEPLOY_MODE} ({@code client} or {@code cluster}). */
  public JobRun deployMode(String mode) {
    this.deployMode = mode;
    return this;
  }

  /** Adds a Spark setting (passed through {@code SPARK_CONF}). */
  public JobRun conf(String key, String value) {
    conf.put(key, value);
    return this;
  }

  /** Sets an environment variable of the submission. */
  public JobRun env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Adds the command's own options. */
  public JobRun args(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  /** Starts the submission in the background. */
  public JobRun start() throws IOException {
    Files.createDirectories(eventLogDir());
    List<String> commandLine = new ArrayList<>();
    commandLine.add(StandaloneCluster.projectRoot().resolve("jobs/" + command + ".sh").toString());
    commandLine.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true)
        .redirectOutput(logFile().toFile());
    Map<String, String> env = builder.environment();
    env.put("MASTER", cluster.masterUrl());
    env.put("DEPLOY_MODE", deployMode);
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SUBMIT_TIMEOUT", "600");
    env.putAll(environment);
    env.put("SPARK_CONF", conf.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" ")));
    process = builder.start();
    return this;
  }

  /** Waits at most {@code timeout} for the submission to end and returns its exit status; kills it on expiry. */
  public int await(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException(name + " did not finish in " + timeout + "; log:\n" + logTail());
    }
    return process.exitValue();
  }

  /** Starts, waits and returns the exit status. */
  public int run(Duration timeout) throws IOException, InterruptedException {
    return start().await(timeout);
  }

  /** {@code kill -9} of the submission and every process it started: in client mode, the driver. */
  public void killDriver() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Whether the submission still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The driver's web UI (client mode: the driver runs here). */
  public DriverUi driverUi() {
    return new DriverUi(uiPort);
  }

  /** Everything the submission printed. */
  public String log() throws IOException {
    return Files.readString(logFile());
  }

  /** The last lines of the log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The event log of the run's one application (written when the application ends). */
  public EventLog eventLog() throws IOException {
    try (Stream<Path> files = Files.list(eventLogDir())) {
      List<Path> logs = files.filter(p -> !p.getFileName().toString().endsWith(".inprogress")).toList();
      if (logs.size() != 1) {
        throw new IllegalStateException(name + ": expected one finished event log in " + eventLogDir() + ", found "
            + logs);
      }
      return EventLog.read(logs.get(0));
    }
  }

  private Path eventLogDir() {
    return logDir.resolve(name + "-events");
  }

  private Path logFile() {
    return logDir.resolve(name + ".log");
  }
}
