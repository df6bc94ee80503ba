/**
 * Measures of generative models against real data, free of Spark: a fixed feature network per dataset
 * ({@link dev.dgmspark.evaluate.FeatureNetwork}), the Fréchet distance beside its real-against-real floor, precision
 * and recall on k-NN manifolds ({@link dev.dgmspark.evaluate.ManifoldPrecisionRecall}), the classifier two-sample test
 * ({@link dev.dgmspark.evaluate.ClassifierTwoSampleTest}), attribute coverage ({@link
 * dev.dgmspark.evaluate.AttributeFit}), the summary and the report page.
 */
package dev.dgmspark.evaluate;
