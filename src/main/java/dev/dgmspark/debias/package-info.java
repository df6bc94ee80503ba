/**
 * The math of the debias job (DB-VAE, Amini et al., AIES 2019; MIT 6.S191 lab 2), free of Spark.
 *
 * <p>Every aggregate here ({@link dev.dgmspark.debias.LatentRange}, {@link dev.dgmspark.debias.LatentHistograms},
 * {@link dev.dgmspark.debias.WeightStats}, {@link dev.dgmspark.debias.BucketWeights},
 * {@link dev.dgmspark.debias.ShareTally}) is {@code Serializable}, starts empty, and has {@code add} (one row)
 * and {@code merge} (two partial results) methods that update the receiver and return it, as Spark's
 * {@code treeAggregate} expects of its seqOp and combOp. Merging is associative and commutative; results that the
 * resampling depends on are exact integers, so they do not depend on how rows are partitioned.
 *
 * <p>How the job uses it, one pass per line (n rows of {@code (id, mu)}; none is ever collected to the driver):
 * <ol>
 *   <li>{@code range = treeAggregate(new LatentRange(d), LatentRange::add, LatentRange::merge)}.
 *   <li>{@code hist = treeAggregate(LatentHistograms.over(range, bins), add, merge)}; on the driver,
 *       {@code weights = DebiasWeights.fit(hist, alpha, combine)}, then broadcast {@code weights}.
 *   <li>Per row {@code lambda = weights.logWeight(mu)}; {@code stats = treeAggregate(new WeightStats(), ...)} gives the
 *       global {@code maxLogWeight()}, the weight sum and the effective sample size.
 *   <li>Per row {@code q = Resampler.quantise(DebiasWeights.relativeWeight(lambda, stats.maxLogWeight()))};
 *       {@code buckets = treeAggregate(new BucketWeights(DebiasDefaults.BUCKETS), (b, r) -> b.add(r.id, r.q), merge)};
 *       on the driver {@code counts = Resampler.drawBucketCounts(buckets.weights(), m, seed)}.
 *   <li>Group the rows {@code (id, q)} by {@code Resampler.bucketOf(id, buckets)}; for each bucket
 *       {@code Resampler.drawWithinBucket(ids, qs, counts[bucket], seed, bucket)} gives how often each row is drawn.
 *       {@link dev.dgmspark.debias.ShareTally} then tallies attribute shares before and after.
 * </ol>
 *
 * <p>With the k-NN estimator (the default) steps 2 and 3 become: a {@link dev.dgmspark.debias.ReferenceSample}
 * by {@code treeAggregate} (the rows with the smallest seeded hash keys, at most the reference size), on the driver
 * {@code density = KnnDensity.fit(sample.rows(), k, gamma, alpha, dims)}, broadcast; per partition
 * {@code density.scorer().logKthDistances(...)} and per row {@code lambda = density.logWeight(logRadius)}. Steps 4 and
 * 5 are the same for both estimators.
 *
 * <p>Rows whose {@code mu} has a NaN or infinite component are skipped and counted by the range and histogram
 * aggregates; {@link dev.dgmspark.debias.DebiasWeights#logWeight(double[])} rejects them, so the job filters them out
 * with {@link dev.dgmspark.debias.Latents#isFinite(double[])} and reports how many there were.
 */
package dev.dgmspark.debias;
