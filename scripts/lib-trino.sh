# Sourced by scripts/trino-e2e.sh and benchmarks/run-trino-plugin.sh: starts Floe (embedded
# default) and a real Trino 476 with Floe's plugin in a work directory, and talks to both.
#
# Set before sourcing: lt_work (an empty work directory). Everything this starts is stopped by
# lt_cleanup, which the caller installs as its EXIT trap.
#
# Downloads are cached in ${FLOE_CACHE_DIR:-~/.cache/floe} (the Trino server tarball and its
# extracted copy, shared with the integration tests, and the Trino CLI), through ./mvnw.

lt_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lt_cache="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
lt_trino_version=476
lt_pids=()

. "$lt_repo/scripts/find-jdk.sh"
lt_java="$JAVA_HOME/bin/java"

lt_log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

lt_fail() {
  echo "FAIL: $*" >&2
  exit 1
}

lt_require_tools() {
  local tool
  for tool in curl jq unzip tar; do
    command -v "$tool" >/dev/null 2>&1 || lt_fail "this script needs '$tool' on the PATH"
  done
}

# ---- processes ---------------------------------------------------------------------------------

# lt_stop PID NAME: SIGTERM, up to 30 s, then SIGKILL; only a process this script started
lt_stop() {
  local pid="$1" name="$2" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 300 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    lt_log "$name ($pid) did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

lt_cleanup() {
  local pid
  for pid in "${lt_pids[@]}"; do
    lt_stop "$pid" "process"
  done
  # the embedded PostgreSQL Floe started, in case Floe could not stop it
  local postmaster="${lt_work:-/nonexistent}/floe-data/postgres/postmaster.pid"
  if [ -f "$postmaster" ]; then
    pid="$(head -1 "$postmaster")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      lt_log "stopping the embedded PostgreSQL ($pid) Floe left behind"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  fi
}

# a free TCP port on 127.0.0.1: below the kernel's ephemeral range (outgoing connections take
# ports there), not in use by any socket, nothing answering on it
lt_free_port() {
  local port low=32768 used=""
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && low="$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range)"
  [ "$low" -gt 12000 ] || low=32768
  command -v ss >/dev/null 2>&1 && used="$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://')"
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if grep -qx "$port" <<<"$used"; then
      continue
    fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  lt_fail "no free port found"
}

# ---- downloads (cached) ------------------------------------------------------------------------

# lt_maven_copy GROUP:ARTIFACT:VERSION[:TYPE[:CLASSIFIER]]: into the cache directory, through ./mvnw
lt_maven_copy() {
  mkdir -p "$lt_cache"
  lt_log "copying $1 into $lt_cache (once)"
  "$lt_repo/mvnw" -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$lt_cache" >&2 \
    || lt_fail "could not copy $1 with ./mvnw dependency:copy"
}

# sets TRINO_HOME: the extracted Trino server, shared with the integration tests (TrinoServer)
lt_install_trino() {
  TRINO_HOME="$lt_cache/trino-server-$lt_trino_version"
  if [ -f "$TRINO_HOME/.floe-extracted" ]; then
    return
  fi
  local tarball="$lt_cache/trino-server-$lt_trino_version.tar.gz"
  [ -f "$tarball" ] || lt_maven_copy "io.trino:trino-server:$lt_trino_version:tar.gz"
  lt_log "extracting $tarball (once, about a minute)"
  # into a temporary directory renamed into place when complete: never a half-extracted home
  local temp
  temp="$(mktemp -d "$lt_cache/trino-extract.XXXXXX")"
  tar xzf "$tarball" -C "$temp" || { rm -rf "$temp"; lt_fail "extracting $tarball failed (incomplete download?)"; }
  local top=("$temp"/*)
  [ "${#top[@]}" = 1 ] && [ -d "${top[0]}/lib" ] && [ -d "${top[0]}/plugin" ] \
    || { rm -rf "$temp"; lt_fail "$tarball does not look like a Trino server tarball"; }
  basename "$tarball" > "${top[0]}/.floe-extracted"
  if [ -f "$TRINO_HOME/.floe-extracted" ]; then
    rm -rf "$temp" # extracted meanwhile by someone else
  else
    rm -rf "$TRINO_HOME"
    mv "${top[0]}" "$TRINO_HOME"
    rm -rf "$temp"
  fi
}

# sets TRINO_CLI: the Trino CLI jar
lt_install_cli() {
  TRINO_CLI="$lt_cache/trino-cli-$lt_trino_version-executable.jar"
  [ -f "$TRINO_CLI" ] || lt_maven_copy "io.trino:trino-cli:$lt_trino_version:jar:executable"
  [ -f "$TRINO_CLI" ] || lt_fail "$TRINO_CLI is missing after the copy"
}

# sets FLOE_PLUGIN_ZIP or FLOE_PLUGIN_DIR: Floe's packaged Trino plugin, from FLOE_TRINO_PLUGIN_DIR
# (the zip's floe/ folder, unpacked: the Maven build passes its own), FLOE_TRINO_PLUGIN_ZIP, or the
# build's zip (built when missing)
lt_plugin() {
  FLOE_PLUGIN_ZIP=""
  FLOE_PLUGIN_DIR=""
  if [ -n "${FLOE_TRINO_PLUGIN_DIR:-}" ]; then
    FLOE_PLUGIN_DIR="$FLOE_TRINO_PLUGIN_DIR"
    [ -d "$FLOE_PLUGIN_DIR" ] || lt_fail "FLOE_TRINO_PLUGIN_DIR=$FLOE_PLUGIN_DIR is not a directory"
    return
  fi
  if [ -n "${FLOE_TRINO_PLUGIN_ZIP:-}" ]; then
    FLOE_PLUGIN_ZIP="$FLOE_TRINO_PLUGIN_ZIP"
  else
    local zips=("$lt_repo"/trino-plugin/target/floe-trino-plugin-*.zip)
    if [ ! -f "${zips[0]}" ]; then
      lt_log "building Floe's Trino plugin (once)"
      "$lt_repo/mvnw" -B -q -pl trino-plugin -am package -DskipTests >&2 || lt_fail "building the Trino plugin failed"
      zips=("$lt_repo"/trino-plugin/target/floe-trino-plugin-*.zip)
    fi
    FLOE_PLUGIN_ZIP="${zips[0]}"
  fi
  [ -f "$FLOE_PLUGIN_ZIP" ] || lt_fail "Floe's Trino plugin zip $FLOE_PLUGIN_ZIP is missing"
}

# ---- Floe --------------------------------------------------------------------------------------

# starts ./floe on its embedded default in $lt_work/floe-data; sets FLOE_URL, FLOE_PID, FLOE_ROOT_TOKEN,
# FLOE_ROOT_ID, FLOE_ROOT_SECRET
lt_start_floe() {
  local port started
  port="$(lt_free_port)"
  FLOE_URL="http://127.0.0.1:$port"
  started=$(date +%s)
  # ./floe builds the server first when it has not been built
  FLOE_DATA_DIR="$lt_work/floe-data" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    FLOE_JAVA_OPTS="${FLOE_JAVA_OPTS:--Xmx1g}" "$lt_repo/floe" > "$lt_work/floe.log" 2>&1 &
  FLOE_PID=$!
  lt_pids+=("$FLOE_PID")
  until curl -sf -o /dev/null "$FLOE_URL/q/health/ready"; do
    kill -0 "$FLOE_PID" 2>/dev/null || { tail -30 "$lt_work/floe.log" >&2; lt_fail "Floe exited during start-up (log: $lt_work/floe.log)"; }
    [ $(( $(date +%s) - started )) -lt 300 ] || { tail -30 "$lt_work/floe.log" >&2; lt_fail "Floe not ready after 300 s"; }
    sleep 0.5
  done
  local credentials="$lt_work/floe-data/root-credentials"
  [ -f "$credentials" ] || lt_fail "$credentials was not written"
  FLOE_ROOT_ID="$(sed -n 's/^client_id=//p' "$credentials")"
  FLOE_ROOT_SECRET="$(sed -n 's/^client_secret=//p' "$credentials")"
  FLOE_ROOT_TOKEN="$(lt_floe_token "$FLOE_ROOT_ID" "$FLOE_ROOT_SECRET")"
  lt_log "Floe ready at $FLOE_URL after $(( $(date +%s) - started )) s"
}

lt_stop_floe() {
  lt_stop "$FLOE_PID" "Floe"
}

# lt_floe_token CLIENT_ID SECRET: a bearer token for a client credential
lt_floe_token() {
  local token
  token="$(curl -s "$FLOE_URL/api/catalog/v1/oauth/tokens" -d grant_type=client_credentials \
    --data-urlencode "client_id=$1" --data-urlencode "client_secret=$2" -d scope=PRINCIPAL_ROLE:ALL | jq -r '.access_token // empty')"
  [ -n "$token" ] || lt_fail "Floe gave no token for client $1"
  echo "$token"
}

# lt_floe_api EXPECTED-STATUS METHOD PATH [JSON]: a management-API call as root; prints the body
lt_floe_api() {
  local expected="$1" method="$2" path="$3" body="${4:-}" out status
  out="$(mktemp)"
  if [ -n "$body" ]; then
    status="$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $FLOE_ROOT_TOKEN" \
      -H 'Content-Type: application/json' --data "$body" "$FLOE_URL/api/management/v1$path")"
  else
    status="$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $FLOE_ROOT_TOKEN" \
      "$FLOE_URL/api/management/v1$path")"
  fi
  if [ "$status" != "$expected" ]; then
    cat "$out" >&2
    rm -f "$out"
    lt_fail "$method $path answered $status, expected $expected"
  fi
  cat "$out"
  rm -f "$out"
}

# lt_trusted_engine NAME: a Floe principal in a trusted-engine principal role; sets ENGINE_ID, ENGINE_SECRET
lt_trusted_engine() {
  local created
  created="$(lt_floe_api 201 POST /principals "{\"name\": \"$1\"}")"
  ENGINE_ID="$(jq -r '.credentials["client-id"]' <<<"$created")"
  ENGINE_SECRET="$(jq -r '.credentials["client-secret"]' <<<"$created")"
  lt_floe_api 201 POST /principal-roles "{\"name\": \"$1_role\", \"trusted-engine\": true}" >/dev/null
  lt_floe_api 201 PUT "/principals/$1/principal-roles/$1_role" >/dev/null
}

# floe_governance_evaluation_seconds_count from Floe's metrics (evaluation calls so far)
lt_floe_evaluations() {
  curl -sf "$FLOE_URL/q/metrics" | sed -n 's/^floe_governance_evaluation_seconds_count\({[^}]*}\)\{0,1\} //p' | head -1
}

# ---- Trino -------------------------------------------------------------------------------------

# lt_start_trino GROUPS-FILE-CONTENT [MORE-FLOE-PROPERTIES...]: a single-node Trino 476 on
# 127.0.0.1 with Floe's plugin (access control and event listener "floe") and catalogs:
#   lake   Floe catalog lakehouse, governed by the plugin
#   admin  Floe catalog lakehouse, ungoverned (setup)
#   tpch
# Both Iceberg catalogs sign in to Floe as root. Users are not authenticated (plain HTTP, the
# user named by the client); their groups come from Trino's file group provider.
# Sets TRINO_PORT, TRINO_PID, TRINO_URL.
lt_start_trino() {
  local groups="$1"
  shift
  lt_install_trino
  lt_install_cli
  lt_plugin
  [ -n "${ENGINE_ID:-}" ] || lt_fail "lt_trusted_engine first: the plugin needs a trusted-engine credential"
  local base="$lt_work/trino" plugins="$lt_work/trino-plugins"
  local etc="$base/etc" data="$base/data" started
  mkdir -p "$etc/catalog" "$data" "$plugins"
  # the installation's plugins, linked (they share hard links: never copy them), plus Floe's
  local plugin
  for plugin in "$TRINO_HOME"/plugin/*; do
    ln -s "$plugin" "$plugins/$(basename "$plugin")"
  done
  if [ -n "$FLOE_PLUGIN_DIR" ]; then
    ln -s "$FLOE_PLUGIN_DIR" "$plugins/floe"
  else
    unzip -q "$FLOE_PLUGIN_ZIP" -d "$plugins"
    [ -d "$plugins/floe" ] || lt_fail "$FLOE_PLUGIN_ZIP has no floe/ folder"
  fi

  TRINO_PORT="$(lt_free_port)"
  TRINO_URL="http://127.0.0.1:$TRINO_PORT"
  cat > "$etc/config.properties" <<EOF
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$TRINO_PORT
discovery.uri=$TRINO_URL
catalog.config-dir=$etc/catalog
plugin.dir=$plugins
query.max-memory=1GB
query.max-memory-per-node=768MB
http-server.log.enabled=false
access-control.config-files=$etc/access-control.properties
event-listener.config-files=$etc/event-listener.properties
EOF
  cat > "$etc/node.properties" <<EOF
node.environment=floe_e2e
node.id=floe-e2e-trino
node.data-dir=$data
EOF
  echo "io.trino=INFO" > "$etc/log.properties"
  local floe_properties
  floe_properties="floe.uri=$FLOE_URL
floe.catalogs=lake=lakehouse
floe.ungoverned-catalogs=allow
floe.client-id=$ENGINE_ID
floe.client-secret=$ENGINE_SECRET"
  local extra
  for extra in "$@"; do
    floe_properties="$floe_properties
$extra"
  done
  printf 'access-control.name=floe\n%s\n' "$floe_properties" > "$etc/access-control.properties"
  printf 'event-listener.name=floe\n%s\n' "$floe_properties" > "$etc/event-listener.properties"
  printf 'group-provider.name=file\nfile.group-file=%s\n' "$etc/groups.txt" > "$etc/group-provider.properties"
  printf '%s\n' "$groups" > "$etc/groups.txt"
  local iceberg="connector.name=iceberg
iceberg.catalog.type=rest
iceberg.rest-catalog.uri=$FLOE_URL/api/catalog
iceberg.rest-catalog.warehouse=lakehouse
iceberg.rest-catalog.security=OAUTH2
iceberg.rest-catalog.oauth2.credential=$FLOE_ROOT_ID:$FLOE_ROOT_SECRET
iceberg.rest-catalog.oauth2.server-uri=$FLOE_URL/api/catalog/v1/oauth/tokens
iceberg.rest-catalog.oauth2.scope=PRINCIPAL_ROLE:ALL
fs.native-local.enabled=true
local.location=/"
  printf '%s\n' "$iceberg" > "$etc/catalog/lake.properties"
  printf '%s\n' "$iceberg" > "$etc/catalog/admin.properties"
  echo "connector.name=tpch" > "$etc/catalog/tpch.properties"
  chmod 600 "$etc"/*.properties "$etc"/catalog/*.properties
  # Trino reads etc/group-provider.properties from its working directory, as under the launcher
  ln -s "$etc" "$data/etc"

  started=$(date +%s)
  # the launcher's java command (bin/launcher run) with etc/jvm.config sized for a test
  (
    cd "$data"
    unset JAVA_TOOL_OPTIONS
    exec "$lt_java" -cp "$TRINO_HOME/lib/*" -server -Xmx2G -XX:G1HeapRegionSize=32M \
      -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
      -XX:ReservedCodeCacheSize=256M -XX:PerMethodRecompilationCutoff=10000 \
      -XX:PerBytecodeRecompilationCutoff=10000 -Djdk.attach.allowAttachSelf=true \
      -Djdk.nio.maxCachedBufferSize=2000000 -XX:+EnableDynamicAgentLoading \
      -XX:+UnlockDiagnosticVMOptions -XX:G1NumCollectionsKeepPinned=10000000 \
      --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
      --enable-native-access=ALL-UNNAMED \
      -Dnode.environment=floe_e2e -Dnode.id=floe-e2e-trino -Dnode.data-dir="$data" \
      -Dnode.bind-ip=127.0.0.1 -Dnode.internal-address=127.0.0.1 \
      -Dlog.levels-file="$etc/log.properties" -Dconfig="$etc/config.properties" \
      io.trino.server.TrinoServer
  ) > "$base/trino.log" 2>&1 &
  TRINO_PID=$!
  lt_pids+=("$TRINO_PID")
  until curl -sf "$TRINO_URL/v1/info" 2>/dev/null | tr -d ' ' | grep -q '"starting":false' \
      && [ "$(lt_sql floe-e2e-probe "SELECT count(*) FROM tpch.tiny.nation" 2>/dev/null)" = 25 ]; do
    kill -0 "$TRINO_PID" 2>/dev/null || { tail -40 "$base/trino.log" >&2; lt_fail "Trino exited during start-up (log: $base/trino.log)"; }
    [ $(( $(date +%s) - started )) -lt 240 ] || { tail -40 "$base/trino.log" >&2; lt_fail "Trino not ready after 240 s"; }
    sleep 1
  done
  lt_log "Trino ready at $TRINO_URL after $(( $(date +%s) - started )) s"
}

# lt_sql USER SQL: runs SQL through the Trino CLI as USER; prints rows as TSV; non-zero exit
# with the CLI's message on stderr when the query fails
lt_sql() {
  "$lt_java" -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED -Dorg.jline.terminal.dumb=true -jar "$TRINO_CLI" --server "$TRINO_URL" --user "$1" \
    --output-format TSV --execute "$2"
}
