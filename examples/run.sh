#!/usr/bin/env bash
# Starts a compute from examples/spec.json on a fresh initdb and runs it until Ctrl-C.
#
#   bash examples/run.sh [extra compute_ctl flags...]
#
# Environment: PGDATA (default ${TMPDIR:-/tmp}/compute_ctl-example/pgdata; wiped on every start),
# POSTGRES_PATH (the postgres binary; found automatically when unset), JAVA (default java),
# COMPUTE_CTL_JAR (default compute-launcher/target/compute_ctl.jar), JAVA_OPTS (default: the small
# footprint flags below; compute_ctl is one small service, and the JVM's defaults size its heap
# for the whole machine: 180 MiB RSS against about 110 MiB with these, see the benchmarks).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${COMPUTE_CTL_JAR:-$root/compute-launcher/target/compute_ctl.jar}
pgdata=${PGDATA:-${TMPDIR:-/tmp}/compute_ctl-example/pgdata}

if [[ ! -f "$jar" ]]; then
  echo "Building $jar (once) ..."
  (cd "$root" && mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl compute-launcher -am)
fi

mkdir -p "$(dirname "$pgdata")"
if [[ $(id -u) == 0 ]]; then
  # As root, compute_ctl runs Postgres as user postgres, which must be able to enter the parent.
  chmod 755 "$(dirname "$pgdata")"
fi

cat <<INFO
compute_ctl example
  spec:    $root/examples/spec.json
  PGDATA:  $pgdata (recreated on every start)
  Once it logs "compute is running", try in another terminal:
    curl -s http://127.0.0.1:3080/metrics | grep compute_ctl_up
    PGPASSWORD=app-secret-2 psql -h 127.0.0.1 -p 55433 -U shop_app shop
  Ctrl-C stops Postgres cleanly (a second Ctrl-C stops it immediately).

INFO

# exec: compute_ctl gets Ctrl-C's SIGINT itself, and its exit code is the script's.
java_opts=${JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -Xss512k}
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "${JAVA:-java}" $java_opts -jar "$jar" -D "$pgdata" -S "$root/examples/spec.json" "$@"
