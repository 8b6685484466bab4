#!/usr/bin/env python3
"""Regenerate tang-quatrains.tsv (and LICENSE.chinese-poetry) from the npm package chinese-poetry 2.0.1.

Nothing is downloaded but two pinned packages through their ordinary clients:
  - npm:  chinese-poetry 2.0.1 (MIT, (c) 2016 JackeyGao), the 全唐诗 as JSON, traditional script;
  - PyPI: opencc-python-reimplemented 0.1.7 (Apache-2.0), traditional -> simplified, used here only.

    python3 datasets/regenerate-tang.py           # rewrite the two files
    python3 datasets/regenerate-tang.py --check   # only compare with SHA256SUMS
    python3 datasets/regenerate-tang.py --tgz chinese-poetry-2.0.1.tgz   # use a tarball you already have

Without --tgz the script runs `npm pack chinese-poetry@2.0.1` in a temporary folder. If opencc is not
importable, it makes a throwaway venv in target/tang-venv, installs opencc there and runs itself again
with that Python (opencc is never a run-time dependency of ParamLab).

What is kept (the rules, in order; the poems are read in the package's order: poet.tang.0.json,
poet.tang.1000.json, ... poet.tang.57000.json, and the poems of each file in file order):
  1. quatrains: the poem's lines joined are exactly  HHHHH，HHHHH。HHHHH，HHHHH。  with H a Han character
     of the CJK Unified Ideographs block U+4E00..U+9FFF or its Extension A U+3400..U+4DBF. This drops
     other forms, "broken" characters (□ for a lost character, ？, brackets, notes) and the rare
     characters beyond the Basic Multilingual Plane (so each character is one Java char, no surrogate
     pairs). The simplified text is OpenCC t2s, character by character (see simplify);
  2. exact duplicates: the same simplified text as an earlier kept or dropped poem (comparing the
     simplified text also catches a poem copied twice with variant characters, e.g. 爲/為);
  3. near-duplicates: two or more of its four lines (simplified) appear among the lines of the
     poems kept so far (the same poem under another title or author, with a word changed).
The output is byte-identical on every run; SHA256SUMS records the expected checksum.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

sys.path.insert(0, str(HERE))
from regenerate import compare_and_write, recorded_sums  # noqa: E402  (the same SHA256SUMS handling)

NPM_PACKAGE, NPM_VERSION = "chinese-poetry", "2.0.1"
# What npm reports for that tarball ("npm notice shasum"); checked so a different file is noticed.
NPM_SHA1 = "b6e7e60d0accac7c723d066a5c360549aab8299d"
OPENCC_PIN = "opencc-python-reimplemented==0.1.7"
OPENCC_CONFIG = "t2s"  # traditional Chinese -> simplified Chinese (characters and phrases)

POEM_FILES = 58  # package/dist/quantangshi/poet.tang.<0, 1000, ..., 57000>.json
HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # CJK Unified Ideographs Extension A and the main block
LINE = f"[{HAN}]{{5}}"
QUATRAIN = re.compile(f"{LINE}，{LINE}。{LINE}，{LINE}。")  # used with fullmatch: nothing before or after

OUT_TSV = "tang-quatrains.tsv"
OUT_LICENSE = "LICENSE.chinese-poetry"
COLUMNS = ["id", "author", "title", "traditional", "simplified"]


def ensure_opencc():
    """Import opencc, or re-run this script inside a throwaway venv that has it."""
    try:
        import opencc  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("PARAMLAB_TANG_VENV"):
        sys.exit("opencc is still not importable inside " + sys.prefix)
    env_dir = REPO / "target" / "tang-venv"
    python = env_dir / "bin" / "python"
    if not python.exists():
        print(f"making a throwaway venv in {env_dir} for {OPENCC_PIN}", file=sys.stderr)
        venv.create(env_dir, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", OPENCC_PIN], check=True)
    os.execve(str(python), [str(python), __file__] + sys.argv[1:],
              dict(os.environ, PARAMLAB_TANG_VENV="1"))


def npm_tarball(given, workdir):
    """The package tarball: the one given, or a fresh `npm pack` into workdir."""
    if given:
        tgz = Path(given)
    else:
        subprocess.run(["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"],
                       cwd=workdir, check=True, stdout=subprocess.DEVNULL)
        tgz = Path(workdir) / f"{NPM_PACKAGE}-{NPM_VERSION}.tgz"
    sha1 = hashlib.sha1(tgz.read_bytes()).hexdigest()
    if sha1 != NPM_SHA1:
        print(f"note: {tgz} has sha1 {sha1}, the committed file was made from {NPM_SHA1}", file=sys.stderr)
    return tgz


def read_package(tgz):
    """(licence bytes, poems in package order) from the npm tarball, without unpacking it to disk."""
    with tarfile.open(tgz, "r:gz") as tar:
        licence = tar.extractfile("package/LICENSE").read()
        poems = []
        for number in range(POEM_FILES):
            name = f"package/dist/quantangshi/poet.tang.{number * 1000}.json"
            poems.extend(json.loads(tar.extractfile(name).read().decode("utf-8")))
    return licence, poems


def clean_field(text, what):
    """Author and title go into the TSV as written; refuse anything that would break a TSV row."""
    if any(ch in text for ch in "\t\r\n\""):
        sys.exit(f"{what} {text!r} holds a tab, line break or quote; the TSV has no quoting")
    return text


def simplify(traditional, to_simplified):
    """The simplified text, character for character. Where OpenCC's simplified character lies beyond the
    Basic Multilingual Plane (e.g. 鑪 -> U+2CB3B, a recent character most fonts cannot show), the
    traditional character stays."""
    simplified = to_simplified(traditional)
    if len(simplified) != len(traditional):
        sys.exit(f"{OPENCC_CONFIG} changed the length of {traditional!r}: {simplified!r}")
    kept = "".join(s if ord(s) <= 0xFFFF else t for t, s in zip(traditional, simplified))
    if not QUATRAIN.fullmatch(kept):
        sys.exit(f"simplified text {kept!r} of {traditional!r} lost the quatrain form")
    return kept


def quatrains(poems, to_simplified):
    """Apply rules 1-3 of the module doc; returns the kept rows and counts of what was dropped."""
    rows, seen_texts, seen_lines = [], set(), set()
    dropped = {"not a quatrain of Han characters": 0, "exact duplicate": 0, "near-duplicate": 0}
    for poem in poems:
        traditional = "".join(poem["paragraphs"])
        if not QUATRAIN.fullmatch(traditional):
            dropped["not a quatrain of Han characters"] += 1
            continue
        simplified = simplify(traditional, to_simplified)
        if simplified in seen_texts:
            dropped["exact duplicate"] += 1
            continue
        seen_texts.add(simplified)
        lines = {simplified[6 * k: 6 * k + 5] for k in range(4)}  # line k starts at 6k (5 characters + mark)
        if len(lines & seen_lines) >= 2:
            dropped["near-duplicate"] += 1
            continue
        seen_lines |= lines
        rows.append([str(len(rows) + 1), clean_field(poem["author"], "author"),
                     clean_field(poem["title"], "title"), traditional, simplified])
    return rows, dropped


def tsv(rows):
    return ("\n".join("\t".join(row) for row in [COLUMNS] + rows) + "\n").encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with SHA256SUMS, write nothing")
    parser.add_argument("--tgz", help=f"an existing {NPM_PACKAGE}-{NPM_VERSION}.tgz (else npm pack)")
    args = parser.parse_args()
    ensure_opencc()
    from importlib import metadata
    from opencc import OpenCC
    opencc_version = metadata.version("opencc-python-reimplemented")
    if opencc_version != OPENCC_PIN.split("==")[1]:
        print(f"note: opencc {opencc_version} installed, the file was made with {OPENCC_PIN}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as workdir:
        licence, poems = read_package(npm_tarball(args.tgz, workdir))
    rows, dropped = quatrains(poems, OpenCC(OPENCC_CONFIG).convert)
    characters = [ch for row in rows for ch in row[4] if ch not in "，。"]
    print(f"{len(poems)} poems read; dropped: " + ", ".join(f"{n} {why}" for why, n in dropped.items()))
    print(f"kept {len(rows)} quatrains, {len(characters)} characters, "
          f"{len(set(characters))} distinct simplified characters")

    expected = recorded_sums()
    if (HERE / OUT_LICENSE).exists():  # the licence is not in SHA256SUMS: compare with the committed copy
        expected[OUT_LICENSE] = hashlib.sha256((HERE / OUT_LICENSE).read_bytes()).hexdigest()
    made = {OUT_TSV: tsv(rows), OUT_LICENSE: licence}
    return 0 if compare_and_write(made, expected, write=not args.check) else 1

if __name__ == "__main__":
    sys.exit(main())
