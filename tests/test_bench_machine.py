"""scripts/bench_machine.py: a `make bench` run says which CPU it measured (figures do not carry over)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from conftest import REPO

spec = importlib.util.spec_from_file_location("bench_machine", REPO / "scripts" / "bench_machine.py")
bench_machine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_machine)

AMD = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 26
model\t\t: 2
model name\t: AMD EPYC
stepping\t: 1
flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq avx512_bf16

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: another core, not read
"""
INTEL = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 142
model name\t: Intel(R) Core(TM) i7-8565U CPU @ 1.80GHz
stepping\t: 11
flags\t\t: fpu sse sse2 avx fma avx2
"""
LSCPU = """Model name:        AMD EPYC
L1d cache:         96 KiB (2 instances)
L2 cache:          2 MiB (2 instances)
L3 cache:          32 MiB (1 instance)
"""


def test_an_avx512_server_and_an_avx2_laptop_are_told_apart() -> None:
    server = bench_machine.describe(bench_machine.cpuinfo(AMD), bench_machine.caches(LSCPU), 2, "openjdk 17")
    assert server["cpu"] == "AMD EPYC" and server["family_model_stepping"] == "26/2/1"
    assert server["widest_vectors"] == "AVX-512"
    assert server["vector_extensions"] == ["avx2", "fma", "avx512f", "avx512_bf16"]
    assert server["caches"] == {"L1d": "96 KiB (2 instances)", "L2": "2 MiB (2 instances)", "L3": "32 MiB (1 instance)"}
    laptop = bench_machine.describe(bench_machine.cpuinfo(INTEL), {}, 8, "openjdk 17")
    assert laptop["widest_vectors"] == "AVX2" and laptop["vendor"] == "GenuineIntel"
    text = bench_machine.line(laptop)
    assert "i7-8565U" in text and "AVX2" in text and "8 cores" in text and "caches unknown" in text


def test_this_machine_is_written_beside_the_results(tmp_path) -> None:
    out = tmp_path / "bench" / "machine.json"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_machine.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    machine = json.loads(out.read_text())
    assert done.stdout.startswith(f"Machine: {machine['cpu']}")
    assert machine["cores"] >= 1 and machine["widest_vectors"] in ("AVX-512", "AVX2", "narrower than AVX2")
    assert "version" in machine["java"]
