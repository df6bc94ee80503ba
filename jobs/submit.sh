#!/usr/bin/env bash
# Shared by jobs/<command>.sh: runs `dgm <command>` through spark-submit with the application jar.
#
# Environment:
#   MASTER        Spark master (default local[*]): spark://host:7077, yarn, k8s://https://host:443, local[N]
#   DEPLOY_MODE   client (default) or cluster
#   SPARK_CONF    extra settings, space-separated key=value pairs, each passed as --conf
#   SPARK_HOME    a Spark 3.5 installation; without one, a SPARK_HOME is assembled from Maven jars
#   SPARK_PROPERTIES  properties file (default conf/spark-defaults.conf)
#   JOB_PROPERTIES    job-specific settings files added on top, in order (default conf/<command>.conf if it exists)
#   APP_JAR       the application jar (default target/dgm-spark-*-app.jar from `mvn package`)
#   SUBMIT_TIMEOUT  seconds to wait for a standalone cluster-mode driver before killing it (default: no limit)
# Exit status: the job's (0 done, 1 failed, 2 bad options), in cluster deploy mode on a standalone master too.
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
# Job-specific settings (conf/<command>.conf) go on top of the properties file, and SPARK_CONF on top of both.
# JOB_PROPERTIES may name several files (space-separated), applied in order.
default_job_conf="$root/conf/$command.conf"
[ -f "$default_job_conf" ] || default_job_conf=""
for job_conf in ${JOB_PROPERTIES:-$default_job_conf}; do
  if [ ! -f "$job_conf" ]; then
    echo "jobs: JOB_PROPERTIES names $job_conf, which does not exist" >&2
    exit 2
  fi
  while read -r key value; do
    case "$key" in ''|'#'*) continue ;; esac
    args+=(--conf "$key=$value")
  done < "$job_conf"
done
for kv in ${SPARK_CONF:-}; do
  args+=(--conf "$kv")
done
case "$master" in
  local*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
esac

if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
  spark_class=("$SPARK_HOME/bin/spark-class")
else
  # No Spark distribution: spark-submit is this class; the module flags are what bin/spark-submit adds on Java 17.
  # shellcheck source=scripts/java17-opens.sh
  source "$root/scripts/java17-opens.sh"
  spark_class=("${JAVA_HOME:+$JAVA_HOME/bin/}java" "${java_opens[@]}"
                "-Dlog4j2.configurationFile=${SPARK_LOG_CONFIG:-$root/conf/log4j2.properties}" -cp "$SPARK_HOME/jars/*")
  submit=("${spark_class[@]}" org.apache.spark.deploy.SparkSubmit)
fi

if [ "$deploy" != cluster ] || [[ "$master" != spark://* ]]; then
  # Client mode: this process is the driver, so its exit status is the job's. (YARN cluster mode also reports the
  # application's final status through spark-submit's exit status.)
  exec "${submit[@]}" "${args[@]}" "$jar" "$command" "$@"
fi

# Standalone cluster mode: SparkSubmit exits 0 whatever became of the driver, so read the driver's final state from
# the submission client's log (conf/log4j2.properties keeps org.apache.spark.deploy.ClientEndpoint at INFO) and exit
# with it. SUBMIT_TIMEOUT (seconds, default none) bounds the wait; on expiry the driver is killed.
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=${SPARK_LOG_CONFIG:-$root/conf/log4j2.properties}"
log="$(mktemp "${TMPDIR:-/tmp}/dgm-submit.XXXXXX")"
trap 'rm -f "$log"' EXIT
limit=()
[ -z "${SUBMIT_TIMEOUT:-}" ] || limit=(timeout "$SUBMIT_TIMEOUT")
status=0
"${limit[@]}" "${submit[@]}" "${args[@]}" "$jar" "$command" "$@" > >(tee -a "$log") 2> >(tee -a "$log" >&2) \
  || status=$?
wait   # for the tee processes, so that the whole log is on disk
driver="$(sed -n 's/.*Driver successfully submitted as \(driver-[0-9-]*\).*/\1/p' "$log" | head -n 1)"
if [ "$status" = 124 ]; then
  echo "jobs: no result after SUBMIT_TIMEOUT=${SUBMIT_TIMEOUT}s; killing driver ${driver:-(not submitted)}" >&2
  if [ -n "$driver" ]; then
    # (spark-submit --kill needs the master's REST server, off by default; this client speaks RPC.)
    "${spark_class[@]}" org.apache.spark.deploy.Client kill "$master" "$driver" >&2 || true
  fi
  exit 124
fi
if [ "$status" != 0 ]; then
  echo "jobs: the submission failed (exit status $status)" >&2
  exit "$status"
fi
state="$(sed -n 's/.*State of driver \(driver-[0-9-]*\) is \([A-Z_]*\), exiting.*/\2/p' "$log" | tail -n 1)"
case "$state" in
  FINISHED) exit 0 ;;
  "") echo "jobs: the final state of driver ${driver:-(unknown)} was not reported; see the master's web UI" >&2
      exit 1 ;;
  *) echo "jobs: driver $driver ended $state; its log is work/$driver/stderr on the worker that ran it" >&2
     exit 1 ;;
esac
