package dev.dgmspark.cli;

import dev.dgmspark.audit.RunReport;
import dev.dgmspark.audit.spark.AuditJob;
import dev.dgmspark.io.Storage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dgm report}: rebuilds the report pages of audit or demo runs, or of job output folders. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Rebuilds the report with plots: an index page and one page per job output folder, with the plots as PNG "
        + "files beside the pages. A DIR holding summary.json is one job's folder; any other DIR is a run's folder "
        + "(audit, demo) whose subfolders with summary.json are reported. Runs in this JVM, no Spark. Prints where "
        + "the index page is."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run folders or job output folders.")
  List<String> dirs = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the pages. Default: DIR/report when one run folder is given; required otherwise.")
  String out;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Configuration conf = sparkOptions.hadoopConfiguration();
    List<Path> folders = new ArrayList<>();
    for (String dir : dirs) {
      Path path = Storage.qualify(dir, conf);
      if (!Storage.fs(path, conf).exists(path) || !Storage.fs(path, conf).getFileStatus(path).isDirectory()) {
        throw Validation.invalid(spec, "DIR", "'" + dir + "' is not a folder");
      }
      folders.add(path);
    }
    List<Path> jobs = RunReport.jobFolders(folders, conf);
    if (jobs.isEmpty()) {
      throw Validation.invalid(spec, "DIR", String.join(", ", dirs) + " holds no job output (no summary.json in it "
          + "or its subfolders)");
    }
    boolean oneRun = folders.size() == 1 && !jobs.contains(folders.get(0));
    if (out == null && !oneRun) {
      throw Validation.invalid(spec, "--out", "is required unless DIR is one run's folder (audit, demo)");
    }
    RunReport.Result result;
    if (out == null) {
      result = AuditJob.writeReport(folders.get(0), folders.get(0).toString(), conf);
    } else {
      result = RunReport.write("Report", List.of("Job output folders: " + String.join(", ", dirs) + "."), jobs,
          Storage.qualify(out, conf), conf);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("report: %d pages%n  index:  %s%n", result.pages().size(), RunReport.display(result.index()));
    o.flush();
    return 0;
  }
}
