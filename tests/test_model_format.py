"""The Python reader printed in lib/MODEL_FORMAT.md reads the model files the Java code wrote
(version 1 and every version-2 type and storage form) to the values the Java code reads."""
from __future__ import annotations

import re
import struct
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "lib" / "MODEL_FORMAT.md"
FIXTURES = REPO / "lib" / "src" / "test" / "resources" / "org" / "paramlab" / "io"


def reader():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "MODEL_FORMAT.md has no ```python block"
    namespace: dict = {}
    exec(blocks[-1], namespace)  # noqa: S102 - our own documentation's code
    assert "read_plm" in namespace, "the Python block of MODEL_FORMAT.md defines no read_plm(path)"
    return namespace["read_plm"]


def expected(txt: Path) -> list[tuple[str, list[float]]]:
    """(name, values) per tensor from a fixture's text file: each float written as its bits in hex."""
    rows = []
    for line in txt.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split()
        name = parts[0]
        bits = parts[3:] if not re.fullmatch(r"[0-9a-f]{8}", parts[2]) else parts[2:]
        rows.append((name, [struct.unpack("<f", struct.pack("<I", int(b, 16)))[0] for b in bits]))
    return rows


def assert_reads_to_its_values(fixture: str) -> None:
    """The reader gives fixture.plm's tensors, in order, with exactly the values of fixture.txt."""
    params = reader()(FIXTURES / f"{fixture}.plm")
    want = expected(FIXTURES / f"{fixture}.txt")
    assert list(params) == [name for name, _ in want]
    for name, values in want:
        assert params[name] == values, name


def test_python_reader_reads_a_version_1_file() -> None:
    assert_reads_to_its_values("v1-model")


def test_python_reader_reads_every_version_2_type_and_storage() -> None:
    params = reader()(FIXTURES / "v2-typed.plm")
    want = expected(FIXTURES / "v2-typed.txt")
    # two tensors share the name dense.weights (FP32 with a mask, then FP16 with an index): the dict keeps the last
    last = {name: values for name, values in want}
    assert set(params) == set(last)
    for name, values in last.items():
        assert len(params[name]) == len(values), name
        assert params[name] == values, f"{name}: first difference at {next(i for i, (a, b) in enumerate(zip(params[name], values)) if a != b)}"


def test_python_reader_reads_short_last_groups() -> None:
    """Groups of 32 over 33, 7, 70, 1 and 40 rows: each column's last group is short and has its own scale."""
    assert_reads_to_its_values("short-groups")
