package dev.dgmspark.common;

import java.util.List;

/**
 * Names the user may give by a unique prefix, as {@code --condition hair} for the attribute {@code hair_color}: the one
 * rule for every option that names attribute columns.
 */
public final class NamePrefixes {
  private NamePrefixes() {}

  /**
   * The names {@code given} can mean: only itself when it is one of {@code names} (so {@code hair} means {@code hair}
   * even next to {@code hair_color}), else every name that starts with it, in {@code names}' order. One match is the
   * answer; none or several are the caller's to report, with its own option and allowed names.
   */
  public static List<String> matches(String given, List<String> names) {
    if (names.contains(given)) {
      return List.of(given);
    }
    return names.stream().filter(name -> name.startsWith(given)).toList();
  }
}
