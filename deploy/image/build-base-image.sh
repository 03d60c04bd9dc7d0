#!/usr/bin/env bash
# Builds the orchestrator image's base without a container registry or engine: a minimal Debian
# 12 (bookworm) root file system from Debian's own mirror (debootstrap), with the Debian OpenJDK 17
# runtime, CA certificates, PostgreSQL's client tools (pg_dump and pg_restore take and check the
# backup of a PostgreSQL productive database, P3), curl (compose's health check asks the
# orchestrator's /readyz with it) and the unprivileged user the image runs as (uid 10001), packed
# as one layer in the format `docker save` writes. The worker's `image` build (Jib) starts from it.
#
#   deploy/image/build-base-image.sh [OUT]     default OUT: deploy/image/build/base-image.tar
#
# Needs root (debootstrap, chroot) and debootstrap; takes about a minute. Where a registry is
# reachable, skip this and build on a registry image instead (see deploy/README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build/base-image.tar}"
suite="${UMS_IMAGE_SUITE:-bookworm}"
mirror="${UMS_IMAGE_MIRROR:-http://deb.debian.org/debian}"
packages=openjdk-17-jre-headless,ca-certificates,postgresql-client,curl
uid=10001

if [ "$(id -u)" -ne 0 ]; then
  echo "build-base-image.sh needs root (debootstrap and chroot)." >&2
  exit 1
fi
command -v debootstrap >/dev/null 2>&1 || {
  echo "debootstrap is missing: apt-get install -y debootstrap" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

echo "debootstrap $suite ($packages) from $mirror"
debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}

chroot "$root" useradd --uid "$uid" --user-group --home-dir /var/lib/ums-rollout \
  --create-home --shell /usr/sbin/nologin ums-rollout
# The backups directory exists in the image, owned by the user: a named volume mounted there starts
# with this owner and mode, so the orchestrator can write its pg_dump backups (P6) without root.
install -d -m 0700 -o "$uid" -g "$uid" "$root/var/lib/ums-rollout/backups"
chmod 0700 "$root/var/lib/ums-rollout"
java_home="$(dirname "$(dirname "$(chroot "$root" readlink -f /usr/bin/java)")")"
# What a container needs no copy of: the package cache and lists, documentation, the device
# nodes debootstrap made (a runtime mounts its own /dev, /proc and /sys).
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc \
  "$root"/usr/share/man "$root"/usr/share/info "$root"/usr/share/locale "$root"/var/log/* "$root"/dev/* "$root"/proc/* \
  "$root"/sys/* "$root"/run/*

mkdir -p "$work/image"
tar --sort=name --numeric-owner --mtime='@0' --xattrs -C "$root" -cf "$work/layer.tar" .
diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
mkdir -p "$work/image/$diff_id"
mv "$work/layer.tar" "$work/image/$diff_id/layer.tar"

debian_version="$(cat "$root/etc/debian_version")"
java_version="$(chroot "$root" dpkg-query -W -f='${Version}' openjdk-17-jre-headless)"
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],"WorkingDir":"/","Labels":{"org.umsrollout.base.debian":"$debian_version","org.umsrollout.base.openjdk":"$java_version"}},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"deploy/image/build-base-image.sh: debootstrap $suite $packages, user ums-rollout ($uid)"}]}
JSON
config_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
mv "$work/config.json" "$work/image/$config_id.json"
cat >"$work/image/manifest.json" <<JSON
[{"Config":"$config_id.json","RepoTags":["ums-rollout-base:$suite-jre17"],"Layers":["$diff_id/layer.tar"]}]
JSON

mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
(cd "$work/image" && tar --sort=name --numeric-owner --mtime='@0' -cf "$out.partial" -- *)
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1); Debian $debian_version, OpenJDK $java_version)"
