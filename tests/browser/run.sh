#!/usr/bin/env bash
# Browser test of `vouch check --format html`: makes the HTML and the JSON report of one run on
# tests/browser/fixture (advisories from the shared corpus's RustSec export), then opens the page
# in headless Chromium (report.test.mjs). The screenshot, PDF and both reports stay in
# target/browser-artifacts (VOUCH_BROWSER_ARTIFACTS), out of git.
#   usage: bash tests/browser/run.sh [path/to/vouch]   (default: cargo build --release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

bin=${1:-}
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build --release --locked -p vouch)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/vouch"
fi
[ -x "$bin" ] || { echo "run.sh: no vouch binary at $bin" >&2; exit 2; }
bin=$(readlink -f "$bin")
command -v node >/dev/null || { echo "run.sh: needs node and npm" >&2; exit 2; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "run.sh: needs Chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 2; }

corpus=${VOUCH_CORPUS:-$(cd "$repo/.." && pwd)/shared/corpus}
osv="$corpus/advisories/rustsec/osv"
[ -d "$osv" ] || { echo "run.sh: no RustSec advisories at $osv (set VOUCH_CORPUS)" >&2; exit 2; }
out=${VOUCH_BROWSER_ARTIFACTS:-$repo/target/browser-artifacts}
mkdir -p "$out"
out=$(cd "$out" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

"$bin" --offline --db "$w/db" db import "$osv" >"$w/log" 2>&1 || { cat "$w/log" >&2; exit 1; }
# The fixture has known vulnerabilities: exit 1 (a failed clause) is expected, 2 is not.
for format in html json; do
  rc=0
  "$bin" --offline --db "$w/db" check "$here/fixture" --format "$format" -o "$out/report.$format" \
    2>"$w/log" || rc=$?
  if [ "$rc" -ne 1 ]; then
    cat "$w/log" >&2
    echo "run.sh: check --format $format exited $rc, want 1 (clause 3.2 fails)" >&2
    exit 1
  fi
done

cd "$here"
# playwright-core has no install script and downloads no browser; the variable makes sure.
[ -d node_modules ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
node report.test.mjs "$out/report.html" "$out/report.json" "$out/report.png"
