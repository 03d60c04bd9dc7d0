#!/usr/bin/env bash
# Installs what validates the deployment files offline (DeployFilesTest): docker-compose, whose
# `config` needs no engine, and systemd-analyze. Safe to run again.
set -euo pipefail

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -eq 0 ]; then
  echo "deployment tools present: $(command -v docker-compose) $(command -v systemd-analyze)"
  exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
