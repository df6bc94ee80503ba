package dev.dgmspark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven through the Chrome DevTools protocol over a WebSocket on 127.0.0.1 (Java's own
 * client; no browser download, no network beyond loopback). Opens a page, waits (bounded) for its load event, and
 * reports console errors, failed loads, every {@code <img>}'s natural width, the headings, and a screenshot.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Where Debian installs it ({@code apt-get install chromium}). */
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, String url) throws Exception {
    this.process = process;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(url), new Listener()).get(30, TimeUnit.SECONDS);
  }

  /**
   * Skips the calling test when Chromium is not installed, unless it runs in CI ({@code CI=true}), where a missing
   * browser fails the test: CI installs it ({@code .ci/run}).
   */
  public static void assumeInstalledOrFailInCi() {
    boolean installed = Files.isExecutable(BINARY);
    if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(BINARY + " is missing in CI: .ci/run installs Debian's chromium; it did not");
    }
    Assumptions.assumeTrue(installed, () -> "skipped: " + BINARY + " is not installed (apt-get install chromium); "
        + "in CI (CI=true) this test fails instead");
  }

  /** Starts a fresh headless browser with its own profile under {@code userDataDir}. */
  public static HeadlessChromium start(Path userDataDir) throws Exception {
    Files.createDirectories(userDataDir);
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--mute-audio", "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--user-data-dir=" + userDataDir, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new IOException("chromium exited before listening: " + String.join("\n", lines)));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      HeadlessChromium browser = new HeadlessChromium(process,
          url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      browser.stderr.addAll(lines);
      return browser;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * What the browser saw of a page.
   *
   * @param errors console errors, uncaught exceptions and failed resource loads
   * @param images every {@code <img>}: its {@code src} and natural width (0: not loaded)
   * @param headings the text of every {@code h1} and {@code h2}, in order
   * @param screenshot the page as PNG bytes
   */
  public record PageView(List<String> errors, Map<String, Integer> images, List<String> headings,
      byte[] screenshot) {}

  /**
   * The events received after the first {@code seen}, from a snapshot: the reader thread keeps appending, and a
   * sub-list view of the live list fails when it does.
   */
  private List<JsonNode> eventsSince(int seen) {
    List<JsonNode> all = List.copyOf(events);
    return all.subList(Math.min(seen, all.size()), all.size());
  }

  /** Opens {@code page} (a local file) in a new tab, waits for it to load, and reports what it shows. */
  public PageView open(Path page) throws Exception {
    String target = command(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    String session = command(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
        .path("sessionId").asText();
    try {
      command(session, "Runtime.enable", Map.of());
      command(session, "Log.enable", Map.of());
      command(session, "Page.enable", Map.of());
      command(session, "Emulation.setDeviceMetricsOverride", Map.of("width", 1100, "height", 900,
          "deviceScaleFactor", 1, "mobile", false));
      int seen = events.size();
      command(session, "Page.navigate", Map.of("url", page.toUri().toString()));
      long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
      while (eventsSince(seen).stream().noneMatch(e -> session.equals(e.path("sessionId").asText())
          && "Page.loadEventFired".equals(e.path("method").asText()))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no load event for " + page + " within " + COMMAND_TIMEOUT);
        }
        Thread.sleep(20);
      }
      String script = "JSON.stringify({images: Array.from(document.images).map(i => [i.getAttribute('src'), "
          + "i.complete ? i.naturalWidth : 0]), headings: Array.from(document.querySelectorAll('h1,h2'))"
          + ".map(h => h.textContent), height: document.documentElement.scrollHeight})";
      JsonNode value = JSON.readTree(command(session, "Runtime.evaluate", Map.of("expression", script,
          "returnByValue", true)).path("result").path("value").asText());
      Map<String, Integer> images = new java.util.LinkedHashMap<>();
      value.path("images").forEach(i -> images.put(i.get(0).asText(), i.get(1).asInt()));
      List<String> headings = new ArrayList<>();
      value.path("headings").forEach(h -> headings.add(h.asText()));
      int height = Math.min(Math.max(value.path("height").asInt(900), 300), 12000);
      command(session, "Emulation.setDeviceMetricsOverride", Map.of("width", 1100, "height", height,
          "deviceScaleFactor", 1, "mobile", false));
      byte[] png = Base64.getDecoder().decode(command(session, "Page.captureScreenshot", Map.of("format", "png"))
          .path("data").asText());
      List<String> errors = new ArrayList<>();
      for (JsonNode e : eventsSince(seen)) {
        if (!session.equals(e.path("sessionId").asText())) {
          continue;
        }
        JsonNode params = e.path("params");
        switch (e.path("method").asText()) {
          case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
          case "Runtime.consoleAPICalled" -> {
            if ("error".equals(params.path("type").asText())) {
              errors.add("console.error: " + params.path("args"));
            }
          }
          case "Log.entryAdded" -> {
            if ("error".equals(params.path("entry").path("level").asText())) {
              errors.add("log: " + params.path("entry").path("text").asText() + " "
                  + params.path("entry").path("url").asText());
            }
          }
          default -> { }
        }
      }
      return new PageView(List.copyOf(errors), images, List.copyOf(headings), png);
    } finally {
      command(null, "Target.closeTarget", Map.of("targetId", target));
    }
  }

  private JsonNode command(String session, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode answer = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.path("error"));
    }
    return answer.path("result");
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is stopped below either way
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            events.add(message);
          }
        } catch (IOException e) {
          stderr.add("unreadable DevTools message: " + e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
