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

  /**
   * The debias options as provenance records them ({@code DebiasOptions}, in component order): the histogram
   * settings, then the estimator, the k-NN settings, the features and the multiscale settings.
   */
  public static final List<String> DEBIAS_OPTIONS = List.of("data", "model", "latents", "out", "alpha", "bins",
      "combine", "size", "seed", "overwrite", "estimator", "knn", "knn.k", "knn.gamma", "knn.alpha",
      "knn.reference_size", "knn.exponent_dims", "features", "multiscale", "multiscale.scales",
      "multiscale.target_ess", "multiscale.reference_size");

  /** The {@code knn} object of a k-NN debias run: its settings, then what the fit found and the time of each pass. */
  public static final List<String> DEBIAS_KNN = List.of("k", "gamma", "alpha", "reference_size",
      "reference_capacity", "reference_seed", "exponent_dims_option", "estimated_intrinsic_dims", "exponent_dims",
      "mean_log_kth_distance", "sample_seconds", "fit_seconds", "distance_seconds");

  /** The {@code multiscale} object of a multiscale debias run: settings, calibration, fit figures, pass times. */
  public static final List<String> DEBIAS_MULTISCALE = List.of("scales", "block_ends", "block_scales", "k",
      "scale_reference_rows",
      "target_effective_sample_fraction",
      "gamma", "reference_effective_sample_fraction", "mean_log_kth_distance", "sd_log_kth_distance", "max_score",
      "reference_size", "reference_capacity", "reference_seed", "sample_seconds", "fit_seconds", "distance_seconds");

  private SummaryKeys() {}

  /**
   * The keys of the debias job's {@code summary.json} before its provenance, as the README's debias section lists
   * them (attribute shares keyed by data as {@code *}); {@code knn} holds the {@code knn} object's keys ({@link
   * #DEBIAS_KNN} for a k-NN run), empty for a histogram run, which writes no such object.
   */
  public static List<String> debias(List<String> knn) {
    return debias(knn, List.of());
  }

  /** As {@link #debias(List)}, with {@code multiscale} the {@code multiscale} object's keys (empty: none). */
  public static List<String> debias(List<String> knn, List<String> multiscale) {
    List<String> keys = new ArrayList<>(List.of("job", "data", "latents", "out", "estimator", "features", "alpha",
        "bins", "combine", "seed", "input_rows", "rows_without_finite_latents", "output_rows", "distinct_rows_drawn",
        "latent_dims"));
    if (!knn.isEmpty()) {
      keys.add("knn");
      knn.forEach(k -> keys.add("knn." + k));
    }
    if (!multiscale.isEmpty()) {
      keys.add("multiscale");
      multiscale.forEach(k -> keys.add("multiscale." + k));
    }
    keys.addAll(List.of("effective_sample_size", "effective_sample_fraction", "max_weight", "attribute_shares",
        "attribute_shares.*", "attribute_shares.*.*", "attribute_shares.*.*.before", "attribute_shares.*.*.after",
        "attribute_shares.*.*.rows", "attribute_shares.*.*.drawn", "seconds", "encode_seconds", "weight_seconds"));
    return keys;
  }

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
