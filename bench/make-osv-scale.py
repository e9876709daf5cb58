#!/usr/bin/env python3
"""Builds an OSV database at osv.dev scale, and an inventory of 100,000 components to match.

Every OSV record of the shared corpus (GHSA Maven, Go, malicious packages, PyPA, RustSec) is
replicated under new package names (copy k renames `pkg` to `pkg-s<k>`, ids and aliases get a
`-S<k>` suffix) until there are RECORDS records, written as one osv.dev-style `all.zip`. The
inventory is three lockfiles (npm, PyPI, crates.io), 60 % of whose packages are named by some
record and 40 % not, at random versions.

usage: make-osv-scale.py CORPUS OUT_DIR [RECORDS] [COMPONENTS]
"""
import json
import os
import random
import sys
import zipfile

import yaml

corpus, out = sys.argv[1], sys.argv[2]
records = int(sys.argv[3]) if len(sys.argv) > 3 else 500_000
components = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000
sets = ["ghsa-maven", "go-vulndb", "malicious-packages", "pypa", "rustsec/osv"]

templates = []
for s in sets:
    for root, _, files in os.walk(os.path.join(corpus, "advisories", s)):
        for f in sorted(files):
            path = os.path.join(root, f)
            if f.endswith(".json"):
                with open(path) as fh:
                    try:
                        rec = json.load(fh)
                    except ValueError:
                        continue
            elif f.endswith((".yaml", ".yml")):
                with open(path) as fh:
                    rec = yaml.safe_load(fh)
            else:
                continue
            if isinstance(rec, dict) and rec.get("id") and rec.get("affected"):
                templates.append(rec)
templates.sort(key=lambda r: r["id"])
print(f"{len(templates)} template records", file=sys.stderr)


def renamed(ecosystem, name, k):
    if k == 0:
        return name
    if ecosystem == "Go":
        return f"{name}/s{k}"
    return f"{name}-s{k}"


os.makedirs(out, exist_ok=True)
names = {"npm": set(), "PyPI": set(), "crates.io": set()}
with zipfile.ZipFile(os.path.join(out, "all.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for i in range(records):
        k, t = divmod(i, len(templates))
        rec = json.loads(json.dumps(templates[t], default=str))
        if k:
            rec["id"] = f"{rec['id']}-S{k}"
            rec["aliases"] = [f"{a}-S{k}" for a in rec.get("aliases") or []]
        for a in rec["affected"]:
            p = a.get("package") or {}
            if "name" in p:
                p["name"] = renamed(p.get("ecosystem", ""), p["name"], k)
                p.pop("purl", None)
                eco = p.get("ecosystem", "")
                if eco in names:
                    names[eco].add(p["name"])
        z.writestr(f"{rec['id']}.json", json.dumps(rec, separators=(",", ":"), default=str))

rng = random.Random(5)
tree = os.path.join(out, "tree")
os.makedirs(tree, exist_ok=True)
shares = {"npm": 0.4, "PyPI": 0.3, "crates.io": 0.3}
chosen = {}
for eco, share in shares.items():
    n = int(components * share)
    known = sorted(names[eco])
    picked = set()
    while len(picked) < n:
        if known and rng.random() < 0.6:
            picked.add(rng.choice(known))
        else:
            picked.add(f"bench-unknown-{eco.lower().replace('.', '')}-{rng.randrange(10**9)}")
    chosen[eco] = sorted(picked)


def version():
    return f"{rng.randrange(5)}.{rng.randrange(30)}.{rng.randrange(20)}"


lock = {"name": "bench", "lockfileVersion": 3, "requires": True,
        "packages": {"": {"name": "bench", "version": "1.0.0"}}}
for n in chosen["npm"]:
    lock["packages"][f"node_modules/{n}"] = {"version": version()}
with open(os.path.join(tree, "package-lock.json"), "w") as fh:
    json.dump(lock, fh, indent=1)
with open(os.path.join(tree, "requirements.txt"), "w") as fh:
    for n in chosen["PyPI"]:
        fh.write(f"{n}=={version()}\n")
with open(os.path.join(tree, "Cargo.lock"), "w") as fh:
    fh.write("version = 3\n")
    for n in chosen["crates.io"]:
        fh.write(f'\n[[package]]\nname = "{n}"\nversion = "{version()}"\n'
                 'source = "registry+https://github.com/rust-lang/crates.io-index"\n')
print(f"{records} records, {sum(len(v) for v in chosen.values())} components in {out}",
      file=sys.stderr)
