/** Small pieces every stage uses: provenance of outputs and the usage-error type. */
package dev.dgmspark.common;
