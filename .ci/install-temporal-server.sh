#!/usr/bin/env bash
# Installs the Temporal server and its sql tool (go.temporal.io/server v1.29.1) when they are
# missing: the durability tests run once more on them with a PostgreSQL store
# (docs/deployment.md, "Temporal on PostgreSQL"). The tests find them through TEMPORAL_SERVER and
# TEMPORAL_SQL_TOOL, PATH, or $(go env GOPATH)/bin as temporal-server and temporal-sql-tool.
set -euo pipefail

version=v1.29.1
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi

found() {
  local name=$1 env=$2 dir
  if [ -n "${!env:-}" ] && [ -x "${!env}" ]; then
    echo "${!env}"
    return 0
  fi
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  if command -v go >/dev/null 2>&1; then
    dir="$(go env GOPATH)/bin"
    if [ -x "$dir/$name" ]; then
      echo "$dir/$name"
      return 0
    fi
  fi
  return 1
}

if server=$(found temporal-server TEMPORAL_SERVER) && tool=$(found temporal-sql-tool TEMPORAL_SQL_TOOL); then
  echo "Temporal server: $server ($("$server" --version))"
  echo "Temporal sql tool: $tool ($("$tool" --version))"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Neither the Temporal server nor Go is installed: cannot run the durability tests on PostgreSQL." >&2
  exit 1
fi

gobin="$(go env GOPATH)/bin"
mkdir -p "$gobin"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# go install names the binaries after their folders (server, sql): they are built into a staging
# folder and installed under names that say what they are.
echo "Building the Temporal server $version and its sql tool (takes a few minutes the first time)"
GOBIN="$staging" go install "go.temporal.io/server/cmd/server@$version" \
  "go.temporal.io/server/cmd/tools/sql@$version"
install -m 0755 "$staging/server" "$gobin/temporal-server"
install -m 0755 "$staging/sql" "$gobin/temporal-sql-tool"
echo "Temporal server: $gobin/temporal-server ($("$gobin/temporal-server" --version))"
echo "Temporal sql tool: $gobin/temporal-sql-tool ($("$gobin/temporal-sql-tool" --version))"
