#!/usr/bin/env bash
# Shared by jobs/<command>.sh: runs `dgm <command>` through spark-submit with the application jar.
#
# Environment:
#   MASTER        Spark master (default local[*]): spark://host:7077, yarn, k8s://https://host:443, local[N]
#   DEPLOY_MODE   client (default) or cluster
#   SPARK_CONF    extra settings, space-separated key=value pairs, each passed as --conf
#   SPARK_HOME    a Spark 3.5 installation; without one, a SPARK_HOME is assembled from Maven jars
#   SPARK_PROPERTIES  properties file (default conf/spark-defaults.conf)
#   APP_JAR       the application jar (default target/dgm-spark-*-app.jar from `mvn package`)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="$1"
shift

jar="${APP_JAR:-$(ls "$root"/target/dgm-spark-*-app.jar 2>/dev/null | head -n 1 || true)}"
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "jobs: no application jar; build it with: mvn -B package -DskipTests (or set APP_JAR)" >&2
  exit 2
fi
if [ -z "${SPARK_HOME:-}" ]; then
  SPARK_HOME="$("$root/scripts/spark-home/assemble")"
fi
export SPARK_HOME
export SPARK_SCALA_VERSION=2.12

master="${MASTER:-local[*]}"
deploy="${DEPLOY_MODE:-client}"
case "$deploy" in
  client|cluster) ;;
  *) echo "jobs: DEPLOY_MODE must be client or cluster, not '$deploy'" >&2; exit 2 ;;
esac
args=(--master "$master" --deploy-mode "$deploy" --class dev.dgmspark.cli.DgmCli
      --properties-file "${SPARK_PROPERTIES:-$root/conf/spark-defaults.conf}")
for kv in ${SPARK_CONF:-}; do
  args+=(--conf "$kv")
done
case "$master" in
  local*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
esac

if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${args[@]}" "$jar" "$command" "$@"
fi
# No Spark distribution: spark-submit is this class; the module flags are what bin/spark-submit adds on Java 17.
# shellcheck source=scripts/java17-opens.sh
source "$root/scripts/java17-opens.sh"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" "${java_opens[@]}" \
  "-Dlog4j2.configurationFile=${SPARK_LOG_CONFIG:-$root/conf/log4j2.properties}" \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "${args[@]}" "$jar" "$command" "$@"
