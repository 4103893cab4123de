#!/usr/bin/env bash
# The documentation's examples are tests (issue 18): every ```sh, ```bash and ```python block of
# README.md and docs/*.md runs, in order, against a live Floe started from a fresh data directory,
# as a user would run them one after the other in one terminal, and the first that fails fails
# the run (naming the file and line).
#
# How the blocks run:
#   - all shell blocks are sourced by one bash (set -euo pipefail), so a variable set by one block
#     is there for the next, and an unset variable or a failing command fails the example; curl is
#     run with --fail-with-body, so an HTTP error (a missing Authorization header, a 404) fails too
#   - a python block runs with a Python that has PyIceberg and PySpark (a venv made once under
#     ~/.cache/floe); spark-sql is that venv's (PySpark's), on a JDK 17 (JAVA_HOME; Spark 3.5 does
#     not run on 25); Iceberg's Spark runtime is fetched once into the Maven repository, where
#     spark-sql --packages finds it
#   - the working directory is a fresh directory that looks like a checkout (symbolic links to the
#     repository's files), so ./floe, scripts/... and floe-data/... mean what the README says
#   - Floe listens on a free port, not 8181 (other tests may be using it): the extractor rewrites
#     localhost:8181 and 127.0.0.1:8181 in every block, and QUARKUS_HTTP_PORT and FLOE_URI are
#     exported for ./floe and its command line
#   - an HTML comment on the line before a block (blank lines between allowed) says how to treat it
#     (scripts/doc-examples-extract.py checks the spelling):
#       <!-- example: server -->            the block starts Floe (./floe): run in the background,
#                                           and wait until Floe is ready before the next block
#       <!-- example: fresh-server -->      before the block, stop Floe, delete floe-data and start
#                                           the last server block again (examples that say "on a
#                                           fresh ./floe")
#       <!-- example: output -->            what the block prints (its standard output) must end
#                                           with its last comment lines, "# " taken off
#       <!-- example: skip — reason -->     not run; every skip is printed with its reason
#
#   scripts/doc-examples.sh          uses the built server and command line (stops when missing)
#   scripts/doc-examples.sh --build  builds them first (./mvnw package, no tests)
#   FLOE_DOC_EXAMPLES_KEEP=1 ...     keeps the work directory (blocks, floe.log) after success
#
# ./mvnw verify runs it in catalog-server's integration-test phase; -Dfloe.doc-examples.skip (or
# -DskipITs, -DskipTests) skips it. Needs curl, python3 with venv, a JDK 25 and a JDK 17.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
pyiceberg_version=0.12.0
pyspark_version=3.5.9
iceberg_spark_runtime=org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.11.0
venv="$cache/doc-examples-python"
started=$(date +%s)

log() { echo "doc-examples: $*" >&2; }
fail() { log "$*"; exit 1; }

# ---- tools ---------------------------------------------------------------------------------------
command -v curl >/dev/null || fail "curl is missing"
command -v python3 >/dev/null || fail "python3 is missing"
(. "$repo/scripts/find-jdk.sh") || exit 1

java_major() {
  [ -x "$1/bin/java" ] && [ -f "$1/release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}
jdk17=""
for candidate in /usr/lib/jvm/* /opt/java/*; do
  [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
  if [ "$(java_major "$candidate" || true)" = 17 ]; then jdk17="$candidate"; break; fi
done
[ -n "$jdk17" ] || fail "Spark 3.5 needs a JDK 17 under /usr/lib/jvm (Debian: openjdk-17-jdk-headless) and there is none"

if [ "${1:-}" = "--build" ]; then
  log "building Floe's server and command line"
  (. "$repo/scripts/find-jdk.sh" && "$repo/mvnw" -B -q -pl catalog-server,cli -am package -DskipTests >&2)
fi
[ -f "$repo/catalog-server/target/quarkus-app/quarkus-run.jar" ] \
  || fail "Floe's server is not built: ./mvnw -pl catalog-server,cli -am package -DskipTests, or run with --build"
[ -f "$repo/cli/target/floe-cli.jar" ] \
  || fail "Floe's command line is not built: ./mvnw -pl catalog-server,cli -am package -DskipTests, or run with --build"

# PyIceberg and PySpark: one venv, made again only when the versions change
if ! "$venv/bin/python" -c "import pyarrow; from importlib.metadata import version as v
assert v('pyiceberg') == '$pyiceberg_version' and v('pyspark') == '$pyspark_version'" 2>/dev/null; then
  log "making $venv (PyIceberg $pyiceberg_version, PySpark $pyspark_version; once)"
  mkdir -p "$cache"
  python3 -m venv --clear "$venv" || fail "python3 -m venv failed (Debian: python3-venv)"
  "$venv/bin/pip" install -q "pyiceberg[pyarrow]==$pyiceberg_version" "pyspark==$pyspark_version" >&2
fi

# Iceberg's Spark runtime in the Maven repository, where spark-sql --packages looks first
runtime_path="$(echo "$iceberg_spark_runtime" | awk -F: '{gsub(/\./, "/", $1); print $1 "/" $2 "/" $3 "/" $2 "-" $3 ".jar"}')"
if [ ! -f "$HOME/.m2/repository/$runtime_path" ]; then
  log "fetching $iceberg_spark_runtime into the Maven repository (once)"
  (. "$repo/scripts/find-jdk.sh" && "$repo/mvnw" -B -q dependency:get -Dartifact="$iceberg_spark_runtime" >&2)
fi

# ---- the work directory: a checkout of symbolic links, no floe-data -------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/floe-doc-examples.XXXXXX")"
status=1
cleanup() {
  if [ "$status" = 0 ] && [ -z "${FLOE_DOC_EXAMPLES_KEEP:-}" ]; then
    rm -rf "$work"
  else
    log "work directory kept: $work (blocks/, floe.log)"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

checkout="$work/checkout"
mkdir -p "$checkout"
for entry in "$repo"/* "$repo"/.mvn; do
  case "$(basename "$entry")" in
    floe-data|target) continue ;;
  esac
  ln -s "$entry" "$checkout/$(basename "$entry")"
done

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
documents=("$repo/README.md")
for document in "$repo"/docs/*.md; do documents+=("$document"); done
python3 -B "$repo/scripts/test_doc_examples_extract.py" -q 2>&1 | sed 's/^/doc-examples: extractor tests: /' >&2 \
  || fail "the extractor's own tests failed"
python3 -B "$repo/scripts/doc-examples-extract.py" --port "$port" --out "$work/blocks" "${documents[@]}"
sed -i "s:\t$repo/:\t:" "$work/blocks/manifest.tsv"

# ---- the session: one bash that sources the blocks in order ----------------------------------------
session="$work/session.sh"
printf '. %q\n' "$repo/scripts/lib-doc-examples.sh" > "$session"

while IFS=$'\t' read -r number source language action reason; do
  quoted_source="$(printf '%q' "$source")"
  case "$action" in
    skip)
      printf 'doc_skip %s %s %q\n' "$number" "$quoted_source" "$reason" >> "$session"
      continue
      ;;
    server)
      printf 'doc_server %s %s\n' "$number" "$quoted_source" >> "$session"
      continue
      ;;
    fresh-server)
      printf 'doc_fresh_server %s %s\n' "$number" "$quoted_source" >> "$session"
      ;;
  esac
  printf 'doc_begin %s %s\n' "$number" "$quoted_source" >> "$session"
  output=""
  [ "$action" != output ] || output=" > \"\$DOC_WORK/blocks/$number.out\""
  case "$language" in
    sh) printf 'source "$DOC_WORK/blocks/%s.sh"%s\n' "$number" "$output" >> "$session" ;;
    py) printf 'python "$DOC_WORK/blocks/%s.py"%s\n' "$number" "$output" >> "$session" ;;
  esac
  [ "$action" != output ] || printf 'doc_expect_output %s\n' "$number" >> "$session"
  printf 'doc_end\n' >> "$session"
done < "$work/blocks/manifest.tsv"

# ---- run ------------------------------------------------------------------------------------------
log "$(grep -c . "$work/blocks/manifest.tsv") examples; Floe on port $port; work directory $work"
cd "$checkout"
run_status=0
env -u FLOE_DATA_DIR -u FLOE_TOKEN -u FLOE_CLIENT_ID -u FLOE_CLIENT_SECRET -u FLOE_CREDENTIALS_FILE \
  -u QUARKUS_DATASOURCE_JDBC_URL \
  DOC_WORK="$work" QUARKUS_HTTP_PORT="$port" FLOE_URI="http://localhost:$port" \
  JAVA_HOME="$jdk17" PATH="$venv/bin:$jdk17/bin:$PATH" \
  timeout "${FLOE_DOC_EXAMPLES_TIMEOUT:-900}" bash "$session" < /dev/null || run_status=$?
[ "$run_status" = 0 ] || fail "an example failed (above); Floe's log: $work/floe.log"
status=0
log "all examples passed in $(( $(date +%s) - started )) s"
