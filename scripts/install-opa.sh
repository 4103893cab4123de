#!/usr/bin/env bash
# Installs the Open Policy Agent release that policy/'s Rego bundle is tested against, built from
# source with `go install` into $(go env GOPATH)/bin, where the policy module's integration tests
# look for it (or pass -Dfloe.opa.binary=/path/to/opa). Idempotent: does nothing when an `opa`
# there or on the PATH already reports that version. Needs Go; the build takes a few minutes.
set -euo pipefail

opa_version="${OPA_VERSION:-1.22.2}"

reports_version() {
  # reports_version BINARY: whether BINARY runs and says it is $opa_version
  [ -x "$1" ] && "$1" version 2>/dev/null | grep -qx "Version: $opa_version"
}

if ! command -v go >/dev/null 2>&1; then
  echo "install-opa: needs Go (for example the Debian package golang-go)" >&2
  exit 1
fi

gopath_bin="$(go env GOPATH)/bin"
if reports_version "$gopath_bin/opa"; then
  echo "install-opa: OPA $opa_version already at $gopath_bin/opa"
  exit 0
fi
if command -v opa >/dev/null 2>&1 && reports_version "$(command -v opa)"; then
  echo "install-opa: OPA $opa_version already at $(command -v opa)"
  exit 0
fi

echo "install-opa: building OPA $opa_version with go install (a few minutes)" >&2
go install "github.com/open-policy-agent/opa@v$opa_version"
if ! reports_version "$gopath_bin/opa"; then
  echo "install-opa: $gopath_bin/opa does not report version $opa_version after the install" >&2
  exit 1
fi
echo "install-opa: installed OPA $opa_version at $gopath_bin/opa"
