package dev.dgmspark.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures everything a run logs, down to INFO for every logger and DEBUG for S3A, plus what it prints to
 * {@code System.out} and {@code System.err}, while the console keeps showing only what it showed before.
 */
public final class LogCapture implements AutoCloseable {
  private static final String NAME = "dgm-test-capture";
  private static final String[] DEBUG_LOGGERS = {"org.apache.hadoop.fs.s3a", "org.apache.spark.internal.io.cloud"};

  private final StringBuilder logs = new StringBuilder();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Map<String, Level> consoleLevels = new LinkedHashMap<>();
  private final Level rootLevel;
  private final Appender appender;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    rootLevel = root.getLevel();
    appender = new AbstractAppender(NAME, null, PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build(),
        true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        String line = ((PatternLayout) getLayout()).toSerializable(event);
        synchronized (logs) {
          logs.append(line);
        }
      }
    };
    appender.start();
    config.addAppender(appender);
    // The existing appenders stay at the root's old threshold, so lowering the root level adds no console noise.
    for (Appender existing : root.getAppenders().values()) {
      consoleLevels.put(existing.getName(), rootLevel);
      root.removeAppender(existing.getName());
      root.addAppender(existing, rootLevel, null);
    }
    root.addAppender(appender, Level.ALL, null);
    root.setLevel(Level.INFO);
    for (String name : DEBUG_LOGGERS) {
      LoggerConfig debug = new LoggerConfig(name, Level.DEBUG, true);
      config.addLogger(name, debug);
    }
    context.updateLoggers();
    System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** The log lines and printed output so far. */
  public String text() {
    synchronized (logs) {
      return logs + "\n" + printed.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(NAME);
    for (Map.Entry<String, Level> entry : consoleLevels.entrySet()) {
      Appender existing = config.getAppender(entry.getKey());
      root.removeAppender(entry.getKey());
      if (existing != null) {
        root.addAppender(existing, null, null);
      }
    }
    root.setLevel(rootLevel);
    for (String name : DEBUG_LOGGERS) {
      config.removeLogger(name);
    }
    context.updateLoggers();
    appender.stop();
  }

  /** Writes to two streams. */
  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final ByteArrayOutputStream second;

    Tee(java.io.OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) {
      synchronized (second) {
        second.write(b);
      }
      try {
        first.write(b);
      } catch (java.io.IOException e) {
        // the console went away: the capture still has it
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (second) {
        second.write(b, off, len);
      }
      try {
        first.write(b, off, len);
      } catch (java.io.IOException e) {
        // as above
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
