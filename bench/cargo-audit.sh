#!/usr/bin/env bash
# vouch scan vs cargo-audit on the same Cargo.lock files, same RustSec data (the corpus'
# native advisory-db for cargo-audit, its OSV export for vouch): identical advisory ids, then
# hyperfine timings, both warm.
#   usage: bench/cargo-audit.sh [path/to/vouch] [path/to/cargo-audit]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${VOUCH_CORPUS:-$here/../../shared/corpus}
vouch=$(readlink -f "${1:-$here/../target/release/vouch}")
audit=${2:-/opt/peers/cargo/bin/cargo-audit}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$vouch" --quiet --offline --db "$work/db" db import "$corpus/advisories/rustsec/osv" >/dev/null

# Every corpus Cargo.lock that cargo-audit accepts, plus vouch's own.
locks=("$here/../Cargo.lock")
for f in "$corpus"/lockfiles/osv-scanner-v1.9.2/fixtures/cargo/*.lock "$corpus"/lockfiles/osv-scalibr/fixtures/language/rust/cargolock/testdata/*.lock; do
  "$audit" audit --db "$corpus/advisories/rustsec/source" --no-fetch --no-yanked --json --file "$f" >/dev/null 2>&1 && locks+=("$f") || [ $? -eq 1 ] && locks+=("$f") || true
done
same=0; differ=0
for f in "${locks[@]}"; do
  a=$("$audit" audit --db "$corpus/advisories/rustsec/source" --no-fetch --no-yanked --json --file "$f" 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); ids=[v["advisory"]["id"] for v in r["vulnerabilities"]["list"]]+[w["advisory"]["id"] for ws in r["warnings"].values() for w in ws if w.get("advisory")]; print(" ".join(sorted(set(ids))))' 2>/dev/null) || continue
  d=$(mktemp -d "$work/l.XXXX"); cp "$f" "$d/Cargo.lock"
  v=$("$vouch" --offline --db "$work/db" scan "$d" --format json 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); print(" ".join(sorted({f["id"] for f in r["findings"]})))') || true
  if [ "$a" = "$v" ]; then same=$((same+1)); else differ=$((differ+1)); echo "DIFFER $f: cargo-audit [$a] vouch [$v]"; fi
done
echo "advisory ids: $same lockfiles identical, $differ differ"

big="$here/../Cargo.lock"
small=$(mktemp -d "$work/s.XXXX"); printf 'version = 3\n\n[[package]]\nname = "regex"\nversion = "1.5.4"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "smallvec"\nversion = "1.6.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "time"\nversion = "0.1.43"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' > "$small/Cargo.lock"
for lock in "$small/Cargo.lock" "$big"; do
  echo "== $(grep -c '^name' "$lock") packages"
  hyperfine -N -i -w 5 -r 30 \
    "$audit audit --db $corpus/advisories/rustsec/source --no-fetch --no-yanked --json --file $lock" \
    "$vouch --offline --db $work/db scan $lock --format json -o /dev/null"
done
