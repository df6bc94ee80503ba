package dev.dgmspark.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line descriptions of failures for the command line, with a hint naming the bucket or endpoint when the cause
 * is an object store's credentials, a missing bucket or an unreachable endpoint.
 *
 * <p>S3A's own messages name the object and the HTTP status but say neither which setting to look at nor, for a
 * failed connection, that the endpoint is the problem. The hint never carries a setting's value, so no secret can
 * reach it.
 */
public final class StoreErrors {
  private static final Pattern BUCKET = Pattern.compile("s3a://([A-Za-z0-9._-]+)");
  private static final Pattern CONNECT = Pattern.compile("Connect to ([^\\s\\[]+)");
  private static final Pattern HOST = Pattern.compile("UnknownHostException: ([^\\s:]+)|([A-Za-z0-9.-]+): "
      + "(?:Name or service not known|nodename nor servname)");

  private StoreErrors() {}

  /**
   * The exception's own message, or its class when it has none, with the root cause appended when different, and a
   * hint when an object store is the cause.
   */
  public static String describe(Throwable e) {
    return describe(e, null);
  }

  /**
   * As {@link #describe(Throwable)}; {@code configuredEndpoint} ({@code host[:port]}, or null) is named when the
   * store could not be reached and the client's messages do not say where (a write cut off mid-stream says only
   * "Broken pipe").
   */
  public static String describe(Throwable e, String configuredEndpoint) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    String text = own;
    if (root != e) {
      String cause = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
      text = own.contains(cause) ? own : own + " (cause: " + cause + ")";
    }
    String hint = hint(e, configuredEndpoint);
    // The hint leads: Spark's job-failure messages run over many lines, and the first one is what people read.
    return hint == null ? text : hint + ". " + text;
  }

  /** What to check, when an object store's answer (or silence) caused {@code e}; else null. */
  static String hint(Throwable e, String configuredEndpoint) {
    StringBuilder all = new StringBuilder();
    boolean accessDenied = false;
    boolean unknownStore = false;
    boolean unreachable = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String type = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      all.append(message).append('\n');
      accessDenied |= t instanceof java.nio.file.AccessDeniedException || message.contains("403 Forbidden")
          || message.contains("InvalidAccessKeyId") || message.contains("SignatureDoesNotMatch");
      unknownStore |= type.endsWith(".UnknownStoreException") || message.contains("NoSuchBucket");
      unreachable |= t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException || message.contains("Unable to execute HTTP request");
    }
    String text = all.toString();
    String bucket = first(BUCKET, text);
    if (accessDenied) {
      return "The object store refused the credentials" + (bucket == null ? "" : " for bucket " + bucket)
          + ": check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), or fs.s3a.access.key / "
          + "fs.s3a.secret.key (per bucket: fs.s3a.bucket.<name>.*), fs.s3a.aws.credentials.provider, and "
          + "fs.s3a.endpoint";
    }
    if (unknownStore) {
      return "Bucket " + (bucket == null ? "" : bucket + " ") + "does not exist at the configured endpoint: check "
          + "the bucket name and fs.s3a.endpoint (or fs.s3a.endpoint.region)";
    }
    if (unreachable) {
      String endpoint = first(CONNECT, text);
      if (endpoint == null) {
        endpoint = first(HOST, text);
      }
      if (endpoint == null) {
        endpoint = configuredEndpoint;
      }
      return "Cannot reach the object store" + (endpoint == null ? "" : " at " + endpoint)
          + (bucket == null ? "" : " (bucket " + bucket + ")") + ": check fs.s3a.endpoint, "
          + "fs.s3a.connection.ssl.enabled and fs.s3a.path.style.access, and that the store is up";
    }
    return null;
  }

  /** {@code host[:port]} of an endpoint setting ({@code http://host:port}, or a bare host), or null for none. */
  public static String hostAndPort(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return null;
    }
    java.net.URI uri = java.net.URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
    if (uri.getHost() == null) {
      return null;
    }
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          return m.group(g);
        }
      }
    }
    return null;
  }
}
