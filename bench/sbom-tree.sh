#!/usr/bin/env bash
# `vouch sbom` on a delivery of thousands of lockfiles of every format among ~100k other files,
# against (a) the floor, reading the lockfiles (find + cat), and (b) cdxgen on the same tree with
# its network and install steps off (../shared/bench/PEERS.md). Records time and peak memory, and
# compares the components found (purl sets).
#   usage: bench/sbom-tree.sh [path/to/vouch] [LOCKFILES=4000] [OTHER_FILES=100000]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${VOUCH_CORPUS:-$here/../../shared/corpus}
vouch=$(readlink -f "${1:-$here/../target/release/vouch}")
n=${2:-4000}; others=${3:-100000}
work=${BENCH_DIR:-/tmp/vouch-sbom-bench}
mkdir -p "$work"; cd "$work"
python3 "$here/make-sbom-tree.py" "$corpus" tree "$n" "$others" "$vouch"
find tree -type f ! -name 'file*.rs' > lockfiles.txt
echo "lockfiles: $(wc -l < lockfiles.txt), all files: $(find tree -type f | wc -l)"
hyperfine -N -i -w 2 -r 10 \
  "bash -c 'find tree -type f ! -name file\*.rs -exec cat {} + > /dev/null'" \
  "$vouch --offline sbom tree -o vouch.json"
/usr/bin/time -f "vouch sbom: %e s, peak RSS %M KB" "$vouch" --quiet --offline sbom tree -o vouch.json
cdxgen=${CDXGEN:-/opt/peers/bin/cdxgen}
if [ -x "$cdxgen" ]; then
  export PATH=/opt/peers/bin:$PATH CDXGEN_DEBUG_MODE=off FETCH_LICENSE=false
  /usr/bin/time -f "cdxgen: %e s, peak RSS %M KB" "$cdxgen" --no-install-deps -r -o cdxgen.json tree >/dev/null 2>cdxgen.err || tail -3 cdxgen.err
  tail -1 cdxgen.err
  python3 - <<'PY'
import json
def purls(f):
    try:
        b = json.load(open(f))
    except Exception as e:
        return None
    return {c["purl"].split("?")[0] for c in b.get("components", []) if c.get("purl")}
v, c = purls("vouch.json"), purls("cdxgen.json")
print(f"distinct purls: vouch {len(v)}", "" if c is None else f"cdxgen {len(c)}; cdxgen-only {len(c - v)}, vouch-only {len(v - c)}")
if c:
    print("cdxgen-only (first 30):", sorted(c - v)[:30])
PY
fi
