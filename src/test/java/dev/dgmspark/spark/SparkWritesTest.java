package dev.dgmspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Which committer {@link SparkWrites} picks: S3A's only for {@code s3a://}, the user's choice when there is one. */
class SparkWritesTest {
  @Test
  void onlyS3aOutputsGetTheS3aCommitters() {
    Configuration conf = new Configuration();
    assertTrue(SparkWrites.committerSettings(new Path("file:/tmp/x"), conf).isEmpty());
    assertTrue(SparkWrites.committerSettings(new Path("hdfs://nn/x"), conf).isEmpty());
    Map<String, String> s3a = SparkWrites.committerSettings(new Path("s3a://bucket/x"), conf);
    assertEquals("org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
        s3a.get("spark.sql.sources.commitProtocolClass"));
    assertEquals("magic", s3a.get("fs.s3a.committer.name"), "Hadoop's default 'file' is not a choice");
    assertEquals("true", s3a.get("fs.s3a.committer.magic.enabled"));
  }

  @Test
  void aCommitterTheUserNamedIsKept() {
    Configuration conf = new Configuration();
    conf.set("fs.s3a.committer.name", "directory");
    Map<String, String> s3a = SparkWrites.committerSettings(new Path("s3a://bucket/x"), conf);
    assertEquals("directory", s3a.get("fs.s3a.committer.name"));
    conf.set("fs.s3a.committer.name", "file");
    assertEquals("file", SparkWrites.chosenCommitter(conf), "an explicit 'file' is the user's choice");
  }
}
