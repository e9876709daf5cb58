#!/usr/bin/env bash
# Builds a real Debian 12 root filesystem with debootstrap (Debian's own packages), installs a
# few Python (pip) and npm packages into it, and packs it as a `docker save` archive, for the
# issue 6 acceptance test and benchmark. Writes, under OUT (default /var/tmp/vouch-debian):
#   rootfs/             the unpacked filesystem
#   image.tar           the same as a one-layer docker-archive image
#   dpkg-query.txt      `dpkg-query -W` run inside the rootfs: the packages vouch must find
#   pip-list.json       `pip list --format json` inside it
#   npm-ls.json         `npm ls --all --json` of the global node_modules inside it
# Needs root (chroot) and network access to deb.debian.org, PyPI and the npm registry.
set -euo pipefail
out="${1:-/var/tmp/vouch-debian}"
root="$out/rootfs"
mkdir -p "$out"
populate() {
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
    rm -rf "$root"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$root" http://deb.debian.org/debian
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount_cleanup() { umount "$root/proc" 2>/dev/null || true; }
  trap mount_cleanup EXIT
  mount -t proc proc "$root/proc" 2>/dev/null || true
  # npm's dependency tree is too large for debootstrap's own ordering; apt inside does it.
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-pip nodejs npm >/dev/null
  # Use this machine's CA bundle inside (a TLS-intercepting egress proxy has its own CA); the
  # environment's PIP_CERT / NODE_EXTRA_CA_CERTS point at this path.
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  chroot "$root" pip install --break-system-packages --quiet requests==2.31.0 flask==2.0.1 PyYAML==6.0.1
  chroot "$root" npm install --global --silent lodash@4.17.20 express@4.17.1 left-pad@1.3.0
  chroot "$root" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n' > "$out/dpkg-query.txt"
  chroot "$root" pip list --format json > "$out/pip-list.json"
  chroot "$root" npm ls --global --all --json > "$out/npm-ls.json" || true
  mount_cleanup
}
if [ -f "$out/dpkg-query.txt" ]; then
  echo "reusing $root and its package lists (delete $out to rebuild)"
else
  populate
fi
# One layer: the whole rootfs; the docker-archive manifest names it.
work="$(mktemp -d)"
mkdir -p "$work/layer"
tar -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -cf "$work/layer/layer.tar" .
# Syft and Trivy find layers by the config's diff_ids (the uncompressed layer's digest).
diff_id="sha256:$(sha256sum "$work/layer/layer.tar" | cut -d' ' -f1)"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}' "$diff_id" > "$work/config.json"
config="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$work/$config"
printf '[{"Config":"%s","RepoTags":["vouch/debian-test:12"],"Layers":["layer/layer.tar"]}]' "$config" > "$work/manifest.json"
tar -C "$work" -cf "$out/image.tar" manifest.json "$config" layer/layer.tar
rm -rf "$work"
echo "wrote $out/image.tar ($(du -h "$out/image.tar" | cut -f1)), $(wc -l < "$out/dpkg-query.txt") dpkg packages"
