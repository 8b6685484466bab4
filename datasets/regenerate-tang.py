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
import json
import re
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

sys.path.insert(0, str(HERE))
# fetching the package, OpenCC, the TSV and the comparison with SHA256SUMS: shared with regenerate-rhymes.py
from _download import OPENCC_CONFIG, arguments, compare_or_write, pinned_package, simplifier, tsv  # noqa: E402

NPM_PACKAGE, NPM_VERSION = "chinese-poetry", "2.0.1"
# What npm reports for that tarball ("npm notice shasum"); checked so a different file is noticed.
NPM_SHA1 = "b6e7e60d0accac7c723d066a5c360549aab8299d"

POEM_FILES = 58  # package/dist/quantangshi/poet.tang.<0, 1000, ..., 57000>.json
HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # CJK Unified Ideographs Extension A and the main block
LINE = f"[{HAN}]{{5}}"
QUATRAIN = re.compile(f"{LINE}，{LINE}。{LINE}，{LINE}。")  # used with fullmatch: nothing before or after

OUT_TSV = "tang-quatrains.tsv"
OUT_LICENSE = "LICENSE.chinese-poetry"
COLUMNS = ["id", "author", "title", "traditional", "simplified"]


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


def main():
    args = arguments(__doc__, "--tgz", f"an existing {NPM_PACKAGE}-{NPM_VERSION}.tgz (else npm pack)")
    to_simplified = simplifier(__file__)

    with tempfile.TemporaryDirectory() as workdir:
        tgz = pinned_package(args.tgz, ["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"],
                             f"{NPM_PACKAGE}-{NPM_VERSION}.tgz", workdir, "sha1", NPM_SHA1)
        licence, poems = read_package(tgz)
    rows, dropped = quatrains(poems, to_simplified)
    characters = [ch for row in rows for ch in row[4] if ch not in "，。"]
    print(f"{len(poems)} poems read; dropped: " + ", ".join(f"{n} {why}" for why, n in dropped.items()))
    print(f"kept {len(rows)} quatrains, {len(characters)} characters, "
          f"{len(set(characters))} distinct simplified characters")
    return compare_or_write({OUT_TSV: tsv(COLUMNS, rows), OUT_LICENSE: licence}, OUT_LICENSE, write=not args.check)


if __name__ == "__main__":
    sys.exit(main())
