#!/usr/bin/env bash
# Runs Floe's image tarball (deploy/target/floe-image.tar) without a container engine, the way a
# container runtime would: its layers unpacked into a root file system mounted read-only, tmpfs on
# the two volumes (/tmp, /var/lib/floe), the image's user (10001), environment and entry point, in
# new mount, PID and network namespaces (so port 8181 inside is nobody else's). Waits for
# /q/health/ready on the embedded default, checks health, metrics and the read-only root, then stops
# the server with SIGTERM. Needs root (unshare, chroot), python3 and curl. Not part of the build.
#
#   scripts/image-smoke.sh [IMAGE-TAR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-$here/deploy/target/floe-image.tar}"

if [ "${FLOE_SMOKE_INSIDE:-}" != 1 ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/oci" "$work/rootfs" "$work/root"
  tar -xf "$image" -C "$work/oci"
  python3 - "$work" <<'PY'
import json, sys, tarfile
work = sys.argv[1]
blob = lambda digest: f"{work}/oci/blobs/sha256/{digest.split(':')[1]}"
index = json.load(open(f"{work}/oci/index.json"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as archive:
        archive.extractall(f"{work}/rootfs", numeric_owner=True)
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
with open(f"{work}/config.env", "w") as out:
    out.write("user=%s\n" % config["User"])
    out.write("entrypoint=(%s)\n" % " ".join("'%s'" % part for part in config["Entrypoint"]))
    out.write("environment=(%s)\n" % " ".join("'%s'" % variable for variable in config["Env"]))
    out.write("workdir=%s\n" % config["WorkingDir"])
PY
  mkdir -p "$work/rootfs/proc" "$work/rootfs/dev"
  FLOE_SMOKE_INSIDE=1 FLOE_SMOKE_WORK="$work" unshare --mount --net --pid --uts --fork --propagation private "$0"
  exit $?
fi

# inside the namespaces
work="$FLOE_SMOKE_WORK"
. "$work/config.env"
root="$work/root"
ip link set lo up
# as a runtime does: the container's host name, and an /etc/hosts that names it
hostname floe-smoke
printf '127.0.0.1 localhost floe-smoke\n' > "$work/hosts"
mount --bind "$work/rootfs" "$root"
mount -o remount,bind,ro "$root"
mount -t proc proc "$root/proc"
mount --bind "$work/hosts" "$root/etc/hosts"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount -t tmpfs -o "uid=${user%%:*},gid=${user##*:},mode=750" tmpfs "$root/var/lib/floe"
started=$(date +%s)
chroot --userspec="$user" "$root" /bin/busybox env -i "${environment[@]}" \
  /bin/sh -c "cd $workdir && exec \"\$@\"" floe "${entrypoint[@]}" > "$work/floe.log" 2>&1 &
server=$!
ready=0
for _ in $(seq 1 180); do
  if curl -sf http://127.0.0.1:8181/q/health/ready > "$work/ready.json" 2>/dev/null; then ready=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
status=0
if [ "$ready" = 1 ]; then
  echo "image-smoke: ready after $(( $(date +%s) - started )) s as $(stat -c %u "$root/var/lib/floe/postgres") (uid of the data it wrote)"
  grep -q '"status": "UP"' "$work/ready.json" || { echo "image-smoke: not UP: $(cat "$work/ready.json")"; status=1; }
  for path in /q/health/live /q/health/started /q/metrics; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8181$path")
    echo "image-smoke: $path → $code"; [ "$code" = 200 ] || status=1
  done
  if chroot --userspec="$user" "$root" /bin/busybox touch /opt/floe/written 2>/dev/null; then
    echo "image-smoke: the root file system is writable"; status=1
  fi
else
  echo "image-smoke: Floe did not become ready"; status=1
fi
kill -TERM "$server" 2>/dev/null || true
wait "$server" || true
tail -n 20 "$work/floe.log"
[ "$status" = 0 ] && echo "image-smoke: passed" || echo "image-smoke: FAILED"
exit "$status"
