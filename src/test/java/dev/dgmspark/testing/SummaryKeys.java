package dev.dgmspark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key paths of a {@code summary.json}, in file order, for tests that pin which keys a job writes.
 *
 * <p>Nested keys are joined with dots ({@code provenance.options.out}). Objects keyed by data (reject reasons,
 * attribute values) are named as {@code path.*}, their entries' own keys as {@code path.*.key}, so the list does not
 * depend on the data. Arrays are leaves.
 */
public final class SummaryKeys {
  /** The provenance block every job writes, without its {@code options}. */
  public static final List<String> PROVENANCE = List.of("provenance", "provenance.project",
      "provenance.project_version", "provenance.git_commit", "provenance.spark_version", "provenance.dl4j_version",
      "provenance.java_version", "provenance.command", "provenance.options");

  private SummaryKeys() {}

  /** Every key path of {@code root}; {@code dataKeyed} names the objects keyed by data (with {@code *} for levels). */
  public static List<String> of(JsonNode root, Set<String> dataKeyed) {
    Set<String> paths = new LinkedHashSet<>();
    walk(root, "", dataKeyed, paths);
    return new ArrayList<>(paths);
  }

  /** {@code head}, then {@link #PROVENANCE} with {@code options} keys under it, then {@code provenance.started_at}. */
  public static List<String> withProvenance(List<String> head, List<String> options) {
    List<String> all = new ArrayList<>(head);
    all.addAll(PROVENANCE);
    options.forEach(o -> all.add(o.equals("*") ? "provenance.options.*" : "provenance.options." + o));
    all.add("provenance.started_at");
    return all;
  }

  private static void walk(JsonNode node, String path, Set<String> dataKeyed, Set<String> paths) {
    if (!node.isObject()) {
      return;
    }
    boolean byData = dataKeyed.contains(path);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = byData ? "*" : field.getKey();
      String child = path.isEmpty() ? name : path + "." + name;
      paths.add(child);
      walk(field.getValue(), child, dataKeyed, paths);
    }
  }
}
