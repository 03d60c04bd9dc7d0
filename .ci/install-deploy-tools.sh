#!/usr/bin/env bash
# Installs what validates the deployment files offline (DeployFilesTest, KubernetesManifestsTest):
# docker-compose, whose `config` needs no engine, systemd-analyze, and kubeconform, built by
# `go install` from the Go module proxy (the schemas it needs are in deploy/kubernetes/schemas).
# Safe to run again.
set -euo pipefail

KUBECONFORM_VERSION=v0.7.0
# Where `go install` puts kubeconform: on the build's PATH (the test also looks in ~/go/bin).
KUBECONFORM_GOBIN=${KUBECONFORM_GOBIN:-/usr/local/bin}

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# A release binary says its version; one built by `go install` says "development", and Go knows.
kubeconform_wanted() {
  local bin
  bin=$(command -v kubeconform) || return 1
  [ "$("$bin" -v 2>/dev/null)" = "$KUBECONFORM_VERSION" ] && return 0
  command -v go >/dev/null 2>&1 &&
    go version -m "$bin" | grep -Eq "^[[:space:]]+mod[[:space:]]+github.com/yannh/kubeconform[[:space:]]+${KUBECONFORM_VERSION}[[:space:]]"
}

if ! kubeconform_wanted; then
  if ! command -v go >/dev/null 2>&1; then
    echo "kubeconform ${KUBECONFORM_VERSION} is missing, and installing it needs Go 1.24 or newer" >&2
    exit 1
  fi
  GOBIN="$KUBECONFORM_GOBIN" go install "github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}"
  export PATH="$KUBECONFORM_GOBIN:$PATH"
fi

echo "deployment tools present: $(command -v docker-compose) $(command -v systemd-analyze)" \
  "$(command -v kubeconform) (${KUBECONFORM_VERSION})"
