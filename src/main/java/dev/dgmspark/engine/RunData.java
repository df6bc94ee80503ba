package dev.dgmspark.engine;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The data of one training run as the families' driver-side code sees it: the exported minibatch files, split
 * into those trained on and those held out for evaluation, and where the model goes.
 *
 * @param out the model folder
 * @param conf Hadoop configuration for the files
 * @param training minibatch files trained on
 * @param heldOut minibatch files held out from training
 * @param seed the run's seed
 */
public record RunData(Path out, Configuration conf, List<Minibatch> training, List<Minibatch> heldOut, long seed) {

  /** One exported minibatch file and its number of images. */
  public record Minibatch(String path, int count) {}
}
