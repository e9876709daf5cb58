#!/usr/bin/env python3
"""Builds the issue-3 benchmark delivery: lockfiles of every format vouch reads, replicated from
the corpus' real fixtures, among many other (non-lockfile) files, as a real repository has.

usage: make-sbom-tree.py CORPUS OUT_DIR [LOCKFILES=4000] [OTHER_FILES=100000] [VOUCH_BIN]

Each fixture is copied under the file name its ecosystem's tool writes, one per directory. The
other files are small source-like files spread over the same directories. With VOUCH_BIN, only
fixtures from which vouch reads at least one component are used (the corpus' deliberately
malformed ones are left out), and the format of each is printed.
"""
import json, shutil, subprocess, sys, tempfile
from pathlib import Path

corpus = Path(sys.argv[1]); out = Path(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
others = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
vouch = sys.argv[5] if len(sys.argv) > 5 else None
osv = corpus / "lockfiles/osv-scanner-v1.9.2/fixtures"
sc = corpus / "lockfiles/osv-scalibr/fixtures/language"
# (directory, glob, file name the ecosystem's tool writes, directory it sits in)
sources = [
    (osv / "cargo", "*.lock", "Cargo.lock", ""),
    (osv / "npm", "*.json", "package-lock.json", ""),
    (osv / "yarn", "*.lock", "yarn.lock", ""),
    (osv / "pnpm", "*.yaml", "pnpm-lock.yaml", ""),
    (sc / "javascript/bunlock/testdata", "*.lock", "bun.lock", ""),
    (osv / "pip", "*.txt", "requirements.txt", ""),
    (osv / "poetry", "*.lock", "poetry.lock", ""),
    (osv / "pipenv", "*.json", "Pipfile.lock", ""),
    (osv / "pdm", "*.lock", "pdm.lock", ""),
    (sc / "python/uvlock/testdata", "*.lock", "uv.lock", ""),
    (sc / "python/pylock/testdata", "*.toml", "pylock.toml", ""),
    (osv / "go", "*.mod", "go.mod", ""),
    (sc / "golang/vendormodules/testdata", "*.txt", "modules.txt", "vendor"),
    (osv / "maven", "*.xml", "pom.xml", ""),
    (osv / "gradle", "*", "gradle.lockfile", ""),
    (osv / "gradle-verification-metadata", "*.xml", "verification-metadata.xml", "gradle"),
    (sc / "java/gradleversioncatalog/testdata", "*.toml", "libs.versions.toml", "gradle"),
    (osv / "bundler", "*.lock", "Gemfile.lock", ""),
    (osv / "composer", "*.json", "composer.lock", ""),
    (osv / "nuget", "*.json", "packages.lock.json", ""),
    (sc / "dotnet/packagesconfig/testdata", "*.config", "packages.config", ""),
    (sc / "dotnet/depsjson/testdata", "*.json", "app.deps.json", ""),
    (sc / "dotnet/projectassetsjson/testdata", "*.json", "project.assets.json", "obj"),
    (osv / "pub", "*.lock", "pubspec.lock", ""),
    (osv / "mix", "*.lock", "mix.lock", ""),
    (osv / "renv", "*.lock", "renv.lock", ""),
    (osv / "conan", "*.json", "conan.lock", ""),
    (sc / "swift/packageresolved/testdata", "*", "Package.resolved", ""),
    (sc / "haskell/cabal/testdata", "*", "cabal.project.freeze", ""),
    (sc / "haskell/stacklock/testdata", "*", "stack.yaml.lock", ""),
]
candidates = []
for d, pattern, name, sub in sources:
    for f in sorted(d.glob(pattern)) if d.exists() else []:
        if not f.is_file():
            continue
        text = f.read_text(errors="replace")
        if name == "requirements.txt" and any(l.strip().startswith(("-r", "-c", "--requirement", "--constraint")) for l in text.splitlines()):
            continue  # includes would point outside the copied tree
        candidates.append((f, name, sub))

def components(f, name, sub):
    with tempfile.TemporaryDirectory() as t:
        target = Path(t) / sub / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, target)
        r = subprocess.run([vouch, "--offline", "sbom", t], capture_output=True)
        if r.returncode != 0:
            return 0
        return len(json.loads(r.stdout).get("components", []))

fixtures = [c for c in candidates if not vouch or components(*c) > 0]
if not fixtures:
    sys.exit("no usable fixtures found")
formats = sorted({name for _, name, _ in fixtures})
if out.exists():
    shutil.rmtree(out)
dirs = []
for i in range(n):
    f, name, sub = fixtures[i % len(fixtures)]
    d = out / f"g{i // 100:03d}" / f"p{i:05d}"
    (d / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(f, d / sub / name)
    dirs.append(d)
filler = "// an ordinary source file of the delivery\nfn main() {}\n"
for j in range(others):
    d = dirs[j % len(dirs)] / "src"
    d.mkdir(exist_ok=True)
    (d / f"file{j}.rs").write_text(filler)
print(f"{n} lockfiles from {len(fixtures)} fixtures in {len(formats)} formats ({', '.join(formats)}), {others} other files, in {out}")
