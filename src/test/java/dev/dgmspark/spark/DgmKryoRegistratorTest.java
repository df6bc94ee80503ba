package dev.dgmspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.shard.InputFile;
import java.nio.ByteBuffer;
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
}
