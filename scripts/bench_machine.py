"""Which machine a `make bench` run measured: CPU model, vector extensions, cores, caches, JDK.

Figures from one CPU do not carry over to another (AVX2 against AVX-512, Intel against AMD, their caches),
so every run says where it ran: one line on stdout, and target/bench/machine.json beside the results.

    python3 scripts/bench_machine.py [OUT.json]      # default target/bench/machine.json

Reads /proc/cpuinfo and `lscpu` (Linux); elsewhere it says what it could not read.
"""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

# the vector extensions that decide which kernels the JVM, OpenBLAS and PyTorch run
EXTENSIONS = ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile")


def cpuinfo(text: str) -> dict[str, str]:
    """The first processor's fields of /proc/cpuinfo ("model name", "cpu family", "flags", ...)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if fields:
                break  # the first processor is enough: a VM's cores are alike
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    return fields


def caches(lscpu_text: str) -> dict[str, str]:
    """The cache sizes lscpu reports ("L1d": "96 KiB (2 instances)", ..., "L3": "32 MiB (1 instance)")."""
    found = {}
    for line in lscpu_text.splitlines():
        m = re.match(r"\s*(L1d|L1i|L2|L3) cache:\s*(.+)", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def describe(info: dict[str, str], cache: dict[str, str], cores: int, java: str) -> dict:
    flags = set(info.get("flags", "").split())
    return {
        "cpu": info.get("model name", "unknown"),
        "vendor": info.get("vendor_id", "unknown"),
        "family_model_stepping": "/".join(info.get(k, "?") for k in ("cpu family", "model", "stepping")),
        "vector_extensions": [e for e in EXTENSIONS if e in flags],
        "widest_vectors": "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "narrower than AVX2",
        "cores": cores,
        "caches": cache,
        "java": java,
        "os": platform.platform(),
    }


def line(machine: dict) -> str:
    cache = ", ".join(f"{k} {v}" for k, v in machine["caches"].items()) or "caches unknown"
    return (f"Machine: {machine['cpu']} ({machine['vendor']}, family/model/stepping "
            f"{machine['family_model_stepping']}), {machine['widest_vectors']}, {machine['cores']} cores; "
            f"{cache}; {machine['java']}")


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"java: {e}"
    return (done.stderr.splitlines() or ["java: no version"])[0]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench/machine.json")
    try:
        info = cpuinfo(Path("/proc/cpuinfo").read_text())
    except OSError:
        info = {"model name": f"unknown ({platform.processor() or platform.machine()}; no /proc/cpuinfo)"}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        lscpu = ""
    machine = describe(info, caches(lscpu), os.cpu_count() or 0, java_version())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(machine, indent=2) + "\n", encoding="utf-8")
    print(line(machine))


if __name__ == "__main__":
    main()
