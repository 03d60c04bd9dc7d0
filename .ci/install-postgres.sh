#!/usr/bin/env bash
# Installs PostgreSQL for the real-database backup tests (P3). The tests start and stop their own
# throwaway cluster, so no server is started here. Safe to run again.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' > /dev/null \
  && compgen -G '/usr/lib/postgresql/*/bin/pg_dump' > /dev/null; then
  echo "PostgreSQL already installed: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

# The package's own scripts would start its default cluster; a policy-rc.d that says no keeps it
# stopped. One that is already there stays as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
ls -d /usr/lib/postgresql/*/bin
