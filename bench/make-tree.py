#!/usr/bin/env python3
"""Builds a benchmark delivery: N lockfiles replicated from the corpus' real fixtures.

usage: make-tree.py CORPUS OUT_DIR [N=2000] [VOUCH_BIN]

Each fixture is copied under the file name its ecosystem's tool writes (Cargo.lock,
package-lock.json, requirements.txt, poetry.lock, Pipfile.lock, uv.lock), one per directory, and
the set is repeated until N lockfiles exist. With VOUCH_BIN, fixtures that vouch reports a problem
for (the corpus' deliberately malformed ones) are left out, so the tree is all real, valid input.
"""
import json, os, shutil, subprocess, sys, tempfile
from pathlib import Path

corpus = Path(sys.argv[1]); out = Path(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
vouch = sys.argv[4] if len(sys.argv) > 4 else None
osv = corpus / "lockfiles/osv-scanner-v1.9.2/fixtures"
scalibr = corpus / "lockfiles/osv-scalibr/fixtures/language"
sources = [
    (osv / "cargo", "*.lock", "Cargo.lock"),
    (scalibr / "rust/cargolock/testdata", "*.lock", "Cargo.lock"),
    (osv / "npm", "*.json", "package-lock.json"),
    (scalibr / "javascript/packagelockjson/testdata", "*.json", "package-lock.json"),
    (osv / "pip", "*.txt", "requirements.txt"),
    (osv / "poetry", "*.lock", "poetry.lock"),
    (osv / "pipenv", "*.json", "Pipfile.lock"),
    (scalibr / "python/uvlock/testdata", "*.lock", "uv.lock"),
]
candidates = []
for d, pattern, name in sources:
    for f in sorted(d.glob(pattern)):
        if name == "requirements.txt" and any(l.strip().startswith(("-r", "-c", "--requirement", "--constraint")) for l in f.read_text(errors="replace").splitlines()):
            continue  # includes would point outside the copied tree
        candidates.append((f, name))

def valid(f, name):
    if not vouch:
        return True
    with tempfile.TemporaryDirectory() as t:
        shutil.copy(f, Path(t) / name)
        r = subprocess.run([vouch, "--offline", "sbom", t], capture_output=True)
        if r.returncode != 0:
            return False
        return len(json.loads(r.stdout).get("components", [])) > 0

fixtures = [(f, name) for f, name in candidates if valid(f, name)]
if not fixtures:
    sys.exit("no usable fixtures found")
if out.exists():
    shutil.rmtree(out)
for i in range(n):
    f, name = fixtures[i % len(fixtures)]
    d = out / f"p{i // 100:02d}" / f"d{i:04d}"
    d.mkdir(parents=True)
    shutil.copy(f, d / name)
print(f"{n} lockfiles from {len(fixtures)} distinct fixtures in {out}")
