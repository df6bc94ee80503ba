package dev.dgmspark.testing;

import dev.dgmspark.cli.DgmCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code dgm} command line in this JVM, as a user would, and keeps its exit code and output. */
public final class Cli {
  private Cli() {}

  /** What a run returned and printed. */
  public record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }

  /** Spark settings every test run gets: two local slots, no UI, driver on loopback. */
  public static final List<String> LOCAL_SPARK = List.of("--master", "local[2]",
      "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
      "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.sql.shuffle.partitions=4");

  /** Runs {@code args}. */
  public static Run run(List<String> args) {
    CommandLine commandLine = DgmCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args.toArray(new String[0]));
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs a Spark command with {@link #LOCAL_SPARK} and {@code spark.hadoop.*} settings. */
  public static Run spark(Map<String, String> hadoopSettings, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(LOCAL_SPARK);
    all.addAll(S3TestServer.confArguments(hadoopSettings));
    return run(all);
  }
}
