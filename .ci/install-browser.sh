#!/usr/bin/env bash
# Installs Debian's chromium and its chromedriver for the dashboard's browser test (Selenium).
# Safe to run again.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
  exit 0
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
/usr/bin/chromedriver --version
