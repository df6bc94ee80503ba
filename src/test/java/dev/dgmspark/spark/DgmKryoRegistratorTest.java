package dev.dgmspark.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.shard.InputFile;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * What executor JVMs receive through Kryo: local-mode tests never serialise broadcasts, so this checks the
 * round trip directly (a Hadoop configuration once arrived empty on a real cluster).
 */
class DgmKryoRegistratorTest {
  private static <T> T roundTrip(T value, Class<T> type) {
    SparkConf conf = new SparkConf(false).set("spark.kryo.registrator", DgmKryoRegistrator.class.getName());
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
    ByteBuffer bytes = kryo.serialize(value, tag);
    return kryo.deserialize(bytes, tag);
  }

  @Test
  void hadoopConfigurationSurvivesKryo() {
    Configuration hadoop = new Configuration(false);
    hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    SerializableConfiguration back = roundTrip(new SerializableConfiguration(hadoop), SerializableConfiguration.class);
    assertEquals("http://127.0.0.1:9000", back.get().get("fs.s3a.endpoint"));
  }

  @Test
  void recordsSurviveKryo() {
    InputFile file = new InputFile("file:/in/a.png", "a.png", 42);
    assertEquals(file, roundTrip(file, InputFile.class));
  }

  @Test
  void trainingStateSurvivesKryoInItsBulkFormat() {
    float[] flat = new float[50_000];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = i * 0.25f - 7f;
    }
    TrainingState back = roundTrip(new TrainingState(flat, new int[] {120, 121}, 4), TrainingState.class);
    assertArrayEquals(flat, back.flat());
    assertArrayEquals(new int[] {120, 121}, back.iterations());
    assertEquals(4, back.epoch());
  }

  @Test
  void stateSumsSurviveKryoBeforeAndAfterMerging() {
    StepMetrics metrics = new StepMetrics(List.of("loss"));
    metrics.add("loss", 2.0);
    metrics.addExamples(32);
    StateSum one = StateSum.of(new TrainingState(new float[] {1f, 2f, 3f}, new int[] {5}, 2), metrics);
    StateSum other = StateSum.of(new TrainingState(new float[] {3f, 4f, -3f}, new int[] {7}, 2), metrics);
    StateSum single = roundTrip(one, StateSum.class); // one worker: travels as floats
    StateSum merged = roundTrip(single.merge(other), StateSum.class); // a sum: travels as doubles
    TrainingState mean = merged.mean();
    assertArrayEquals(new float[] {2f, 3f, 0f}, mean.flat());
    assertArrayEquals(new int[] {7}, mean.iterations());
    assertEquals(2, merged.workers());
    assertEquals(64, merged.metrics().examples());
    assertEquals(2.0, merged.metrics().mean("loss"), 1e-12);
  }
}
