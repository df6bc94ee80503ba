package dev.dgmspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a finished application's Spark event log says about where its tasks ran and which executors it lost.
 *
 * @param appId the application id
 * @param succeededOn executor ids on which at least one task succeeded
 * @param executorsAdded executor ids the application was given
 * @param executorsRemoved executor ids it lost
 * @param failedTasks end reasons of the tasks that did not succeed
 * @param ended whether the application ended cleanly (an application-end event was written)
 */
public record EventLog(String appId, Set<String> succeededOn, Set<String> executorsAdded,
    Set<String> executorsRemoved, List<String> failedTasks, boolean ended) {

  /** Parses one event log file (JSON lines, uncompressed). */
  public static EventLog read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    String appId = null;
    Set<String> succeeded = new TreeSet<>();
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    List<String> failed = new ArrayList<>();
    boolean ended = false;
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode event = json.readTree(line);
        switch (event.path("Event").asText()) {
          case "SparkListenerApplicationStart" -> appId = event.path("App ID").asText();
          case "SparkListenerExecutorAdded" -> added.add(event.path("Executor ID").asText());
          case "SparkListenerExecutorRemoved" -> removed.add(event.path("Executor ID").asText());
          case "SparkListenerApplicationEnd" -> ended = true;
          case "SparkListenerTaskEnd" -> {
            String reason = event.path("Task End Reason").path("Reason").asText();
            if ("Success".equals(reason)) {
              succeeded.add(event.path("Task Info").path("Executor ID").asText());
            } else {
              failed.add(reason + " on executor " + event.path("Task Info").path("Executor ID").asText());
            }
          }
          default -> { }
        }
      }
    }
    return new EventLog(appId, succeeded, added, removed, failed, ended);
  }
}
