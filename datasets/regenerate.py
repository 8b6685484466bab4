#!/usr/bin/env python3
"""Regenerate the shipped data files from the PyPI packages that bundle them.

Nothing is downloaded from anywhere but PyPI: both files live inside installed packages.

    python3 -m venv /tmp/paramlab-data
    /tmp/paramlab-data/bin/pip install vega_datasets==0.9.0 scikit-learn==1.9.1
    /tmp/paramlab-data/bin/python datasets/regenerate.py           # rewrite the files
    /tmp/paramlab-data/bin/python datasets/regenerate.py --check   # only compare with SHA256SUMS

The output is byte-identical on every run: the weather file is copied unchanged, the digits
file is the package's CSV with a header line added. SHA256SUMS records the expected checksums.
"""
import argparse
import gzip
import hashlib
import sys
from importlib import metadata, resources
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The versions the committed files were made from (other versions are reported, not refused).
PINNED = {"vega_datasets": "0.9.0", "scikit-learn": "1.9.1"}


def seattle_weather() -> bytes:
    """vega_datasets/_data/seattle-weather.csv, copied as is (it already has a header)."""
    return resources.files("vega_datasets").joinpath("_data/seattle-weather.csv").read_bytes()


def digits() -> bytes:
    """sklearn/datasets/data/digits.csv.gz: 64 pixel counts (0..16) then the digit, no header.

    We add the header pixel_<row>_<col> (row-major 8x8 image) and digit, and use '\\n' line ends.
    """
    packed = resources.files("sklearn.datasets").joinpath("data/digits.csv.gz").read_bytes()
    lines = gzip.decompress(packed).decode("ascii").splitlines()
    header = ",".join([f"pixel_{r}_{c}" for r in range(8) for c in range(8)] + ["digit"])
    for number, line in enumerate(lines, start=1):
        if len(line.split(",")) != 65:
            sys.exit(f"digits.csv.gz line {number}: expected 65 values, got {len(line.split(','))}")
    return ("\n".join([header] + lines) + "\n").encode("ascii")


FILES = {"seattle-weather.csv": seattle_weather, "digits.csv": digits}


def recorded_sums() -> dict:
    sums = {}
    for line in (HERE / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            sums[name.lstrip("*")] = digest
    return sums


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with SHA256SUMS, write nothing")
    args = parser.parse_args()

    for package, version in PINNED.items():
        installed = metadata.version(package)
        if installed != version:
            print(f"note: {package} {installed} installed, files were made from {version}", file=sys.stderr)

    expected = recorded_sums() if (HERE / "SHA256SUMS").exists() else {}
    made = {name: make() for name, make in FILES.items()}
    return 0 if compare_and_write(made, expected, write=not args.check) else 1


def compare_and_write(made: dict, expected: dict, write: bool) -> bool:
    """Compare each made file (name -> bytes) with its expected SHA-256, report, and write it unless
    write is False. True when nothing differs (a file with no recorded sum counts as new, not different)."""
    ok = True
    for name, data in made.items():
        digest = hashlib.sha256(data).hexdigest()
        rows = data.count(b"\n") - 1
        if expected.get(name) not in (None, digest):
            ok = False
            print(f"MISMATCH {name}: made {digest}, SHA256SUMS says {expected[name]}")
        else:
            print(f"ok {name}: {rows} rows, sha256 {digest}")
        if write:
            (HERE / name).write_bytes(data)
    return ok

if __name__ == "__main__":
    sys.exit(main())
