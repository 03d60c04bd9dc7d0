#!/usr/bin/env bash
# Installs the Temporal CLI (its dev server runs the real-server durability tests) when it is
# missing. The tests find it through TEMPORAL_CLI, PATH or $(go env GOPATH)/bin/temporal.
set -euo pipefail

if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then
  echo "Temporal CLI: $TEMPORAL_CLI"
  exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  echo "Temporal CLI: $(command -v temporal)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Neither the Temporal CLI nor Go is installed: cannot run the real-server tests." >&2
  exit 1
fi
gobin="$(go env GOPATH)/bin"
if [ -x "$gobin/temporal" ]; then
  echo "Temporal CLI: $gobin/temporal"
  exit 0
fi
echo "Installing the Temporal CLI v1.5.1 into $gobin (takes a few minutes)"
GOBIN="$gobin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
"$gobin/temporal" --version
