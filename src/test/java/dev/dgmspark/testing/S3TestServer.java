package dev.dgmspark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server for tests: s3proxy (from Maven, see the pom) as a separate {@code java -jar} process on
 * 127.0.0.1 with a random free port, a filesystem backend in a folder, and credential checks (AWS signatures v2/v4).
 *
 * <p>Objects of bucket {@code b} are plain files under {@code dataDir()/b}, so tests can look at exactly what a job
 * stored. {@link #stop} and {@link #start} keep the port and the data, to play a server that goes away mid-run and
 * comes back.
 */
public final class S3TestServer implements AutoCloseable {
  /** Access key the server accepts. */
  public static final String ACCESS_KEY = "dgm-test-access";
  private static final long START_TIMEOUT_MS = 60_000;

  private final Path workDir;
  private final Path dataDir;
  private final String secretKey;
  private final int port;
  private Process process;

  private S3TestServer(Path workDir, String secretKey) throws IOException {
    this.workDir = workDir;
    this.dataDir = Files.createDirectories(workDir.resolve("data"));
    this.secretKey = secretKey;
    this.port = freePort();
  }

  /**
   * Starts a server whose data lives under {@code workDir}, accepting {@link #ACCESS_KEY} and {@code secretKey},
   * with the given buckets.
   */
  public static S3TestServer start(Path workDir, String secretKey, String... buckets) throws IOException {
    S3TestServer server = new S3TestServer(workDir, secretKey);
    for (String bucket : buckets) {
      // The filesystem backend keeps a bucket as a folder: creating it here saves an S3 client in the tests.
      Files.createDirectories(server.dataDir.resolve(bucket));
    }
    server.start();
    return server;
  }

  /** Starts (or restarts) the process on the same port with the same data; returns once it answers HTTP. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    String jar = System.getProperty("dgm.test.s3proxy.jar", "target/s3proxy/s3proxy.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("s3proxy jar not found at " + jar + "; run the tests through Maven "
          + "(mvn test), which copies it into target/s3proxy");
    }
    // Outside the data folder: the tests scan the data for the secret, and this file holds it on purpose.
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dataDir,
        ""), StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("s3proxy.log").toFile()));
    process = builder.start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; see "
            + workDir.resolve("s3proxy.log"));
      }
      if (System.currentTimeMillis() > deadline) {
        stop();
        throw new IllegalStateException("s3proxy did not answer within " + START_TIMEOUT_MS + " ms");
      }
      sleep(100);
    }
  }

  /** Kills the process (as a crash would: no graceful shutdown) and waits until it is gone. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("s3proxy did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The folder holding one sub-folder per bucket, each object a file. */
  public Path dataDir() {
    return dataDir;
  }

  /** The secret key the server accepts. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The {@code fs.s3a.*} settings that reach this server with {@code secret}, with retries and timeouts cut so that
   * failure tests take seconds, not S3A's minutes of back-off.
   */
  public Map<String, String> s3aSettings(String secret) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint());
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", secret);
    s.put("fs.s3a.attempts.maximum", "1");
    s.put("fs.s3a.retry.limit", "1");
    s.put("fs.s3a.retry.interval", "50ms");
    s.put("fs.s3a.retry.throttle.limit", "1");
    s.put("fs.s3a.retry.throttle.interval", "50ms");
    s.put("fs.s3a.connection.establish.timeout", "2000");
    s.put("fs.s3a.connection.timeout", "10000");
    return s;
  }

  /** The same settings with the right secret. */
  public Map<String, String> s3aSettings() {
    return s3aSettings(secretKey);
  }

  /** A Hadoop configuration with {@link #s3aSettings()}. */
  public Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    s3aSettings().forEach(conf::set);
    return conf;
  }

  /** The settings as {@code --conf spark.hadoop.KEY=VALUE} command-line arguments. */
  public static List<String> confArguments(Map<String, String> settings) {
    return settings.entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of("--conf", "spark.hadoop." + e.getKey() + "=" + e.getValue()))
        .toList();
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int code = connection.getResponseCode(); // 403 without credentials: up and checking them
      connection.disconnect();
      return code > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
