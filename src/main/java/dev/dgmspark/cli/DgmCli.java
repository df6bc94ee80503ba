package dev.dgmspark.cli;

import dev.dgmspark.common.BuildInfo;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.StoreErrors;
import dev.dgmspark.nn.NativeBackend;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code dgm} command line: one entry point for every job, used by {@code scripts/dgm} (Spark embedded) and by
 * {@code spark-submit --class dev.dgmspark.cli.DgmCli app.jar <command> ...} on clusters.
 *
 * <p>Exit codes: 0 success, 2 bad usage or configuration (the message names the option and what is allowed), 1 the
 * job failed.
 */
@Command(
    name = "dgm",
    mixinStandardHelpOptions = true,
    versionProvider = DgmCli.Version.class,
    description = "Shard image datasets, train deep generative models on Spark, and debias datasets.",
    subcommands = {SynthCommand.class, ImportCommand.class, ShardCommand.class, TrainCommand.class, EncodeCommand.class,
        DebiasCommand.class, GenerateCommand.class, TranslateCommand.class, EvaluateCommand.class,
        TraverseCommand.class, OutliersCommand.class, AuditCommand.class, ReportCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 2 bad usage or configuration, 1 job failed."})
public final class DgmCli implements Runnable {
  /** Exit code of a failed job. */
  public static final int EXIT_FAILED = 1;
  /** Exit code of bad usage or configuration. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
  }

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    NativeBackend.select(); // before anything loads ND4J
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code, without exiting (for tests and embedding). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line; tests use it to capture output. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DgmCli());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setUsageHelpAutoWidth(true);
    commandLine.setParameterExceptionHandler(DgmCli::onBadUsage);
    commandLine.setExecutionExceptionHandler(DgmCli::onFailure);
    return commandLine;
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText(qualifiedName(command) + ": " + e.getMessage()));
    err.println("Try '" + qualifiedName(command) + " --help' for the options and their allowed values.");
    err.flush();
    return EXIT_USAGE;
  }

  private static int onFailure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (e instanceof UsageException usage) {
      err.println(qualifiedName(command) + ": " + UsageMessages.of(usage));
      err.flush();
      return EXIT_USAGE;
    }
    err.println(qualifiedName(command) + ": failed: " + StoreErrors.describe(e, configuredEndpoint(command)));
    e.printStackTrace(err);
    err.flush();
    return EXIT_FAILED;
  }

  /**
   * The S3 endpoint the command was given ({@code fs.s3a.endpoint}, as {@code host[:port]}), or null: a failure
   * message names it when the store could not be reached and the client's own message does not say where.
   */
  private static String configuredEndpoint(CommandLine command) {
    for (CommandLine.Model.CommandSpec mixin : command.getCommandSpec().mixins().values()) {
      if (mixin.userObject() instanceof SparkOptions options) {
        try {
          return StoreErrors.hostAndPort(options.hadoopConfiguration().getTrimmed("fs.s3a.endpoint"));
        } catch (RuntimeException e) {
          return null;   // a message without the endpoint is still a message
        }
      }
    }
    return null;
  }

  private static String qualifiedName(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }

  /** Prints the project version and build commit. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dgm-spark " + BuildInfo.projectVersion() + " (commit " + BuildInfo.gitCommit() + ")"};
    }
  }
}
