/**
 * {@code audit}: the stages of an audit and which of them a rerun skips ({@link dev.dgmspark.audit.AuditPlan}), and
 * the report over a run ({@link dev.dgmspark.audit.RunReport}: an index page and a page per job folder with plots),
 * all without Spark. The Spark glue that runs the jobs is in {@code audit.spark}.
 */
package dev.dgmspark.audit;
