#!/usr/bin/env bash
# Runs the whole test suite: installs and starts the project's Asterisk lab (etc/lab) and a throwaway
# PostgreSQL (etc/pg), runs every module's tests (integration tests place real calls on the lab and FAIL if
# it is missing; the store suite runs on SQLite and again on PostgreSQL), stops both.
# Needs root for the lab. Extra arguments go to Maven, e.g. ./run-tests.sh -pl core
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "run-tests: Temurin 25 not found at $JAVA_HOME (install it or set JAVA_HOME_25)" >&2; exit 1; }
export PATH="$JAVA_HOME/bin:$PATH"
[ "$(id -u)" -eq 0 ] || { echo "run-tests: the Asterisk lab needs root (debootstrap, chroot, mount); run with sudo" >&2; exit 1; }
export AAVA_LAB_DIR="${AAVA_LAB_DIR:-/opt/aava-lab}"
export AAVA_LAB_REQUIRED=true
# both lab instances: SecondAsteriskLabTest dials through the second; exported so a test that restarts the lab
# (AsteriskRestartLabTest: stop.sh, start.sh) brings both back
export AAVA_LAB_INSTANCES=2
etc/lab/install.sh
trap 'etc/lab/stop.sh || true; etc/pg/stop.sh || true' EXIT
PG_ENV=$(etc/pg/start.sh)  # an assignment, so that a failure stops here (eval "$(...)" would not)
eval "$PG_ENV"
etc/lab/start.sh
rc=0
mvn -B -ntp verify -Daava.lab.required=true -Daava.pg.required=true "$@" || rc=$?
exit $rc
