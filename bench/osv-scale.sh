#!/usr/bin/env bash
# The advisory database at osv.dev scale (issue 4): every corpus OSV record replicated under
# new package names to 500,000 records, imported; then the index's build time, size and open
# time, and matching 100,000 components (criterion, and end to end with peak RSS).
#   usage: bench/osv-scale.sh [path/to/vouch] [WORK_DIR]   (WORK_DIR default /var/tmp/osv-scale)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${VOUCH_CORPUS:-$here/../../shared/corpus}
vouch=$(readlink -f "${1:-$here/../target/release/vouch}")
work=${2:-/var/tmp/osv-scale}

[ -f "$work/all.zip" ] || python3 "$here/make-osv-scale.py" "$corpus" "$work" 500000 100000
rm -rf "$work/db"; mkdir -p "$work/empty"
echo "== import (index build) of $(du -h "$work/all.zip" | cut -f1) all.zip"
/usr/bin/time -f "   %e s wall, %U s user, %S s sys, peak RSS %M KB" \
  "$vouch" --quiet --db "$work/db" db import "$work/all.zip" | tail -1
echo "== on disk"
du -b "$work"/db/index-*.bin "$work"/db/sources/*.bin | awk '{printf "   %6.1f MB  %s\n", $1/1e6, $2}'
echo "== open (scan of an empty directory: process start + open)"
hyperfine -N -w 3 -r 30 "$vouch --offline --quiet --db $work/db scan $work/empty" | grep -E "Time|Range"
echo "== open and match 100k components in process (criterion)"
(cd "$here/.." && VOUCH_BENCH_DB="$work/db" cargo bench -q -p vouch-advisory --bench match 2>&1 \
  | grep -E "database:|time:")
echo "== scan of the 100k-component tree end to end (3 lockfiles: npm, PyPI, crates.io)"
for _ in 1 2 3; do
  /usr/bin/time -f "   %e s wall, %U s user, %S s sys, peak RSS %M KB" \
    "$vouch" --offline --quiet --db "$work/db" scan "$work/tree" --format json -o /dev/null || true
done
