package dev.dgmspark.report;

/** Small helpers for the report pages the jobs write. */
public final class Html {
  private Html() {}

  /** {@code text} with the characters HTML gives a meaning escaped, safe inside elements and quoted attributes. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
