package dev.dgmspark.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.nn.NativeBackend;
import java.io.Externalizable;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * The project's Kryo set-up: ND4J's serializers (what dl4j-spark needs for arrays) plus Java serialisation for
 * Java records, which Kryo 4 cannot build (it fails with "can't get field offset on a record class"), and for
 * classes that serialise themselves with {@code writeObject}; and {@link Externalizable} classes (the training
 * state that parameter averaging ships every round) write themselves onto Kryo's stream.
 *
 * <p>Set with {@code spark.kryo.registrator=dev.dgmspark.spark.DgmKryoRegistrator} (the jobs do so unless told
 * otherwise), so that every job, training or not, runs with the same serializer.
 */
public final class DgmKryoRegistrator extends Nd4jRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // The first project code an executor runs, before it deserialises any array: pick ND4J's native build now.
    NativeBackend.select();
    super.registerClasses(kryo);
    kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    // Its Hadoop Configuration travels through its writeObject/readObject, which Kryo's field serializer skips.
    kryo.register(SerializableConfiguration.class, new JavaSerializer());
    // Classes that write themselves in bulk (a training state and its sums: millions of values) keep their own
    // format, written straight into Kryo's stream; Kryo's field serializer would write their arrays value by value,
    // and Java serialisation would copy them twice more.
    kryo.addDefaultSerializer(Externalizable.class, new ExternalizableSerializer());
  }
}
