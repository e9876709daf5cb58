#!/usr/bin/env bash
# Regenerates the cargo-audit reference results the `cargo_audit` integration test compares
# vouch against. Needs cargo-audit (see README.md) and the shared corpus.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="${VOUCH_CORPUS:-$here/../../../../../../shared/corpus}"
audit="${CARGO_AUDIT:-/opt/peers/cargo/bin/cargo-audit}"
db="$corpus/advisories/rustsec/source"
out="$here/results"
mkdir -p "$out"
rm -f "$out"/*.json
lockfiles=(
  "$corpus"/lockfiles/osv-scanner-v1.9.2/fixtures/cargo/*.lock
  "$corpus"/lockfiles/osv-scalibr/fixtures/language/rust/cargolock/testdata/*.lock
  "$here"/../lockfiles/*.lock
)
for lock in "${lockfiles[@]}"; do
  case "$lock" in
    "$corpus"/*) rel="corpus/${lock#"$corpus"/}" ;;
    *) rel="lockfiles/$(basename "$lock")" ;;
  esac
  name="$(echo "$rel" | tr '/' '_')"
  # Exit status 1 means "vulnerabilities found"; anything else is an error. cargo-audit refuses
  # the corpus fixtures whose `dependencies` name packages the file does not list; those are
  # audited as a copy without the `dependencies` arrays (the package list is unchanged).
  sanitized=false
  set +e
  "$audit" audit --db "$db" --no-fetch --no-yanked --json --file "$lock" >"$out/raw.json" 2>"$out/raw.err"
  rc=$?
  if [ "$rc" -gt 1 ]; then
    sanitized=true
    python3 - "$lock" "$out/sanitized.lock" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(re.sub(r"(?ms)^dependencies = \[.*?^\]\n", "", text))
PY
    "$audit" audit --db "$db" --no-fetch --no-yanked --json --file "$out/sanitized.lock" >"$out/raw.json" 2>"$out/raw.err"
    rc=$?
  fi
  set -e
  if [ "$rc" -gt 1 ]; then
    echo "cargo-audit failed on $lock:" >&2
    cat "$out/raw.err" >&2
    exit 1
  fi
  python3 - "$rel" "$out/raw.json" "$out/$name.json" "$sanitized" <<'PY'
import json, sys
rel, src, dst, sanitized = sys.argv[1:]
d = json.load(open(src))
vulns = sorted({(v["advisory"]["id"], v["package"]["name"], v["package"]["version"])
                for v in d["vulnerabilities"]["list"]})
warnings = sorted({(kind, w["advisory"]["id"], w["package"]["name"], w["package"]["version"])
                   for kind, ws in d["warnings"].items() for w in ws if w.get("advisory")})
json.dump({
    "lockfile": rel,
    "sanitized": sanitized == "true",
    "vulnerabilities": [{"id": i, "package": p, "version": v} for i, p, v in vulns],
    "warnings": [{"kind": k, "id": i, "package": p, "version": v} for k, i, p, v in warnings],
}, open(dst, "w"), indent=2)
open(dst, "a").write("\n")
PY
done
rm -f "$out/raw.json" "$out/raw.err" "$out/sanitized.lock"
