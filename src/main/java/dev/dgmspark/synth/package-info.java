/**
 * Synthetic face-like pictures with known attributes: the project's offline, seeded dataset.
 *
 * <p>{@link dev.dgmspark.synth.FaceSampler} draws a {@link dev.dgmspark.synth.FaceSpec} (attribute values from
 * {@link dev.dgmspark.synth.TargetShares} plus nuisance variation: pose, placement, lighting, background, style)
 * from a seed and an image index only, {@link dev.dgmspark.synth.FaceRenderer} paints it with Java2D, and
 * {@link dev.dgmspark.synth.SynthGenerator} writes a folder of PNGs and an {@code attributes.csv} through Hadoop's
 * {@code FileSystem}. Because every attribute is known and its share is a parameter, a debiasing job can be checked
 * by making one value rare and measuring its share before and after.
 *
 * <p>This package does not depend on Spark; it only uses Hadoop's file system API so the output may live on
 * {@code file:}, {@code hdfs:} or {@code s3a:}.
 */
package dev.dgmspark.synth;
