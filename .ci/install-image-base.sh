#!/usr/bin/env bash
# Builds the base of the orchestrator's container image (Debian 12 with OpenJDK 17, from Debian's
# mirror by debootstrap) when it is missing, so that `mvn verify` builds the image tar with Jib
# (worker profile image) and ContainerImageTest runs it. Needs root; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
base=deploy/image/build/base-image.tar
if [ -f "$base" ]; then
  echo "image base present: $base"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
fi
deploy/image/build-base-image.sh "$base"
