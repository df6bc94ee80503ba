package dev.dgmspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A running driver's REST status API ({@code /api/v1}): which jobs run and which executors are busy. */
public final class DriverUi {
  private final String base;

  DriverUi(int port) {
    this.base = "http://127.0.0.1:" + port + "/api/v1/applications";
  }

  /** The application id, once the driver's UI answers. */
  public Optional<String> appId() {
    try {
      JsonNode apps = StandaloneCluster.getJson(base);
      return apps.size() == 0 ? Optional.empty() : Optional.of(apps.get(0).path("id").asText());
    } catch (UncheckedIOException e) {
      return Optional.empty();   // not up yet, or already gone
    }
  }

  /** Descriptions of the jobs running now (what the dgm jobs set with setJobGroup). */
  public List<String> runningJobs(String appId) {
    List<String> descriptions = new ArrayList<>();
    try {
      for (JsonNode job : StandaloneCluster.getJson(base + "/" + appId + "/jobs?status=running")) {
        descriptions.add(job.path("description").asText(job.path("name").asText()));
      }
    } catch (UncheckedIOException e) {
      // The driver went away between calls: nothing runs.
    }
    return descriptions;
  }

  /** Ids of the executors (not the driver) running at least one task now. */
  public List<String> busyExecutors(String appId) {
    List<String> busy = new ArrayList<>();
    try {
      for (JsonNode executor : StandaloneCluster.getJson(base + "/" + appId + "/executors")) {
        String id = executor.path("id").asText();
        if (!"driver".equals(id) && executor.path("activeTasks").asInt() > 0) {
          busy.add(id);
        }
      }
    } catch (UncheckedIOException e) {
      // Gone: none busy.
    }
    return busy;
  }
}
