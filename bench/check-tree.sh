#!/usr/bin/env bash
# `vouch check` on a generated delivery of N lockfiles (real corpus fixtures, replicated) with
# the whole corpus advisory set, against the floor of reading the same files (find + cat), and
# `vouch sbom` against syft and trivy on the same tree when they are installed (/opt/peers/bin,
# see ../shared/bench/PEERS.md).
#   usage: bench/check-tree.sh [path/to/vouch] [N=2000]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${VOUCH_CORPUS:-$here/../../shared/corpus}
vouch=$(readlink -f "${1:-$here/../target/release/vouch}")
n=${2:-2000}
work=${BENCH_DIR:-/tmp/vouch-bench}
mkdir -p "$work"; cd "$work"
rm -rf db
for s in rustsec/osv pypa go-vulndb ghsa-maven/osv ghsa-native-sample malicious-packages/osv; do
  "$vouch" --quiet --offline --db db db import "$corpus/advisories/$s" >/dev/null
done
"$vouch" --offline --db db db status | head -1
python3 "$here/make-tree.py" "$corpus" tree "$n" "$vouch"
echo "files: $(find tree -type f | wc -l), bytes: $(find tree -type f -exec cat {} + | wc -c)"
hyperfine -N -i -w 3 -r 20 \
  "find tree -type f -exec cat {} +" \
  "$vouch --offline --db db check tree --format json -o /dev/null" \
  "$vouch --offline --db db scan tree --format json -o /dev/null" \
  "$vouch --offline sbom tree -o /dev/null"
if [ -x /opt/peers/bin/syft ] && [ -x /opt/peers/bin/trivy ]; then
  mkdir -p out
  hyperfine -N -w 1 -r 5 \
    "$vouch --offline sbom tree -o out/vouch.json" \
    "/opt/peers/bin/syft scan dir:tree -q -o cyclonedx-json=out/syft.json" \
    "/opt/peers/bin/trivy fs --format cyclonedx --offline-scan --skip-db-update --skip-java-db-update --cache-dir $work/trivy-cache -o out/trivy.json tree"
fi
