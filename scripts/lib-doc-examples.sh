# Sourced first by the session scripts/doc-examples.sh writes: the functions its lines call
# (doc_begin/doc_end around each block, doc_skip, doc_server, doc_fresh_server) and the report at the
# end. Runs in the work directory's checkout, with DOC_WORK (blocks/, floe.log) and
# QUARKUS_HTTP_PORT set by scripts/doc-examples.sh; the session is $DOC_WORK/session.sh.
set -euo pipefail
doc_passed=0
doc_skipped=()
doc_current=""
doc_server_pid=""
doc_server_block=""

# an HTTP error answer fails the example (curl -s alone would exit 0 on a 401)
curl() { command curl --fail-with-body "$@"; }

doc_begin() {
  doc_current="$2 (block $1)"; doc_source="$2"; doc_block="$1"; doc_block_started=$SECONDS
  echo "doc-examples: ---- $2" >&2
}
doc_end() {
  doc_passed=$(( doc_passed + 1 ))
  echo "doc-examples: ---- $doc_source passed ($(( SECONDS - doc_block_started )) s)" >&2
  doc_current=""
}
# doc_expect_output NUMBER: what the block printed ends with its last comment lines (Spark's
# package resolver, for one, prints a line of its own first)
doc_expect_output() {
  cat "$DOC_WORK/blocks/$1.out"
  local lines; lines=$(wc -l < "$DOC_WORK/blocks/$1.expected")
  if ! diff <(sed 's/[[:space:]]*$//' "$DOC_WORK/blocks/$1.expected") \
      <(tail -n "$lines" "$DOC_WORK/blocks/$1.out" | sed 's/[[:space:]]*$//') >&2; then
    echo "doc-examples: the output differs from the one the document shows (< shown, > printed)" >&2
    return 1
  fi
}

doc_skip() {
  echo "doc-examples: ---- $2: skipped: $3" >&2
  doc_skipped+=("$2: $3")
}

doc_start_server() {
  local started=$SECONDS
  setsid bash "$doc_server_block" > "$DOC_WORK/floe.log" 2>&1 < /dev/null &
  doc_server_pid=$!
  until command curl -sf -o /dev/null "http://127.0.0.1:$QUARKUS_HTTP_PORT/q/health/ready"; do
    if ! kill -0 "$doc_server_pid" 2>/dev/null; then
      tail -n 30 "$DOC_WORK/floe.log" >&2
      echo "doc-examples: the server block exited during start-up" >&2
      return 1
    fi
    if [ $(( SECONDS - started )) -ge 300 ]; then
      tail -n 30 "$DOC_WORK/floe.log" >&2
      echo "doc-examples: Floe not ready after 300 s" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "doc-examples: Floe ready on port $QUARKUS_HTTP_PORT after $(( SECONDS - started )) s" >&2
}

doc_stop_server() {
  [ -n "$doc_server_pid" ] || return 0
  kill -TERM -- "-$doc_server_pid" 2>/dev/null || true
  local waited=0
  # the whole group: Floe stops its embedded PostgreSQL (a daemon of its own) on the way out
  while kill -0 -- "-$doc_server_pid" 2>/dev/null && [ "$waited" -lt 120 ]; do sleep 0.5; waited=$(( waited + 1 )); done
  kill -KILL -- "-$doc_server_pid" 2>/dev/null || true
  doc_server_pid=""
}

doc_server() {
  doc_begin "$1" "$2"
  doc_server_block="$DOC_WORK/blocks/$1.sh"
  doc_start_server
  doc_end
}

doc_fresh_server() {
  [ -n "$doc_server_block" ] || { echo "doc-examples: fresh-server at $2, but no server block before it" >&2; return 1; }
  echo "doc-examples: a fresh Floe for $2 (floe-data deleted)" >&2
  local stopping=$SECONDS
  doc_stop_server
  echo "doc-examples: Floe stopped in $(( SECONDS - stopping )) s" >&2
  rm -rf floe-data
  doc_start_server
}

doc_finish() {
  local status=$?
  set +e
  doc_stop_server
  local skip
  for skip in "${doc_skipped[@]}"; do echo "doc-examples: skipped $skip" >&2; done
  if [ "$status" != 0 ] || [ -n "$doc_current" ]; then
    printf '\ndoc-examples: FAILED at %s (exit status %s)\n' "${doc_current:-start-up}" "$status" >&2
    if [ -n "$doc_current" ]; then
      echo "doc-examples: the block, as run (localhost:8181 rewritten):" >&2
      sed 's/^/    /' "$DOC_WORK/blocks/$doc_block."* >&2
    fi
    echo "doc-examples: ${doc_passed} passed, 1 failed, ${#doc_skipped[@]} skipped"
    exit 1
  fi
  echo "doc-examples: ${doc_passed} passed, 0 failed, ${#doc_skipped[@]} skipped"
}
trap doc_finish EXIT
trap 'exit 143' TERM
