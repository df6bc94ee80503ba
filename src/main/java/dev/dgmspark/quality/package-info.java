/**
 * Quality figures for generative models, measured against held-out real data: an attribute classifier trained on
 * the real images, mode coverage and attribute distribution distances judged by it, the Fréchet distance in its
 * feature space, and condition accuracy for conditional models.
 */
package dev.dgmspark.quality;
