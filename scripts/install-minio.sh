#!/usr/bin/env bash
# Installs the MinIO server that the vended-credentials integration test (ITS3VendedCredentials)
# runs, built from source with `go install` into $(go env GOPATH)/bin, where the test looks for it
# (or pass -Dfloe.it.minio-binary=/path/to/minio). MinIO publishes no tagged Go module versions,
# so a pseudo-version (a commit) is pinned; a marker file next to the binary records which one
# was built. Idempotent: does nothing when that version is already there. Needs Go; the build
# takes about 3 minutes on 2 cores.
set -euo pipefail

minio_version="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"

if ! command -v go >/dev/null 2>&1; then
  echo "install-minio: needs Go (for example the Debian package golang-go)" >&2
  exit 1
fi

gopath_bin="$(go env GOPATH)/bin"
marker="$gopath_bin/.minio-version"
if [ -x "$gopath_bin/minio" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$minio_version" ]; then
  echo "install-minio: MinIO $minio_version already at $gopath_bin/minio"
  exit 0
fi

echo "install-minio: building MinIO $minio_version with go install (a few minutes)" >&2
started=$(date +%s)
go install "github.com/minio/minio@$minio_version"
if ! "$gopath_bin/minio" --version >/dev/null 2>&1; then
  echo "install-minio: $gopath_bin/minio does not run after the install" >&2
  exit 1
fi
echo "$minio_version" > "$marker"
echo "install-minio: installed MinIO $minio_version at $gopath_bin/minio in $(( $(date +%s) - started )) s"
