# Sourced by the benchmark scripts that run on a standalone cluster: app_jar ROOT prints the application jar
# (target/dgm-spark-*-app.jar, built first when missing), which the executors need since scripts/dgm runs the driver
# from target/.
# shellcheck shell=bash
app_jar() {
  local root="$1" jar
  jar="$(ls "$root"/target/dgm-spark-*-app.jar 2>/dev/null | head -n 1 || true)"
  if [ -z "$jar" ]; then
    (cd "$root" && mvn -B -q package -DskipTests) >&2
    jar="$(ls "$root"/target/dgm-spark-*-app.jar | head -n 1)"
  fi
  echo "$jar"
}
