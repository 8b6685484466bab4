"""Binder launch (issue 4): binder/ is a repo2docker configuration whose postBuild builds and
installs the kernel. We prove it as repo2docker would run it: a fresh virtual environment with
binder/requirements.txt installed, then binder/postBuild from a copy of the repository, then
the kernel installed there must answer a cell.

Fast enough for every CI run: the Maven repository (~/.m2) and pip's cache are reused.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BINDER = REPO / "binder"
SKIP_COPY = shutil.ignore_patterns(
    ".git", ".venv", ".tools", "target", "target-*", "__pycache__", ".pytest_cache",
    ".ipynb_checkpoints",
)


def test_binder_requirements_match_the_project_pins() -> None:
    """binder/requirements.txt is requirements.txt, then the image's own lines: comments and the
    jupyterhub pin (its jupyterhub-singleuser, for the Kubernetes class; test_hub.py checks the version)."""
    binder, project = (BINDER / "requirements.txt").read_text(), (REPO / "requirements.txt").read_text()
    assert binder.startswith(project), (
        "binder/requirements.txt does not start with requirements.txt: copy it (cp requirements.txt binder/) "
        "and add the jupyterhub pin again at its end"
    )
    extra = [line for line in binder[len(project):].splitlines() if line.strip() and not line.startswith("#")]
    assert len(extra) == 1 and extra[0].startswith("jupyterhub=="), f"binder/requirements.txt adds {extra}"


def test_binder_apt_packages_give_jdk_and_maven() -> None:
    packages = (BINDER / "apt.txt").read_text().split()
    assert "openjdk-17-jdk-headless" in packages and "maven" in packages, packages


def test_postbuild_is_strict_and_executable() -> None:
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    text = post.read_text()
    assert text.startswith("#!/usr/bin/env bash"), "postBuild needs a bash shebang"
    assert "set -euo pipefail" in text, "postBuild must stop at the first failing command"


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: int) -> str:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.mark.timeout(900)
def test_postbuild_installs_a_working_kernel_in_a_clean_environment(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo, ignore=SKIP_COPY, symlinks=True)
    env_dir = tmp_path / "env"
    home = tmp_path / "home"
    home.mkdir()
    real_home = Path.home()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "PARAMLAB"))}
    env.update({
        "HOME": str(home),
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}",
        # Reuse what this machine already downloaded.
        "MAVEN_OPTS": f"-Dmaven.repo.local={real_home / '.m2' / 'repository'}",
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(real_home / ".cache" / "pip")),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    })

    # repo2docker: an environment with binder/requirements.txt ...
    run([sys.executable, "-m", "venv", str(env_dir)], env, tmp_path, 300)
    run([str(env_dir / "bin" / "pip"), "install", "-q", "-r", "binder/requirements.txt"], env, repo, 600)
    # ... then binder/postBuild, from the repository root.
    run(["bash", "binder/postBuild"], env, repo, 900)

    spec = env_dir / "share" / "jupyter" / "kernels" / "paramlab" / "kernel.json"
    assert spec.is_file(), f"postBuild installed no kernelspec at {spec}"
    listing = run([str(env_dir / "bin" / "jupyter"), "kernelspec", "list"], env, repo, 60)
    assert any(
        line.split()[0] == "paramlab" and str(env_dir) in line for line in listing.splitlines() if line.strip()
    ), f"`jupyter kernelspec list` does not show paramlab in {env_dir}:\n{listing}"

    # The installed kernel answers a cell, started by the environment's own jupyter_client.
    probe = (
        "from jupyter_client.manager import start_new_kernel\n"
        "km, kc = start_new_kernel(kernel_name='paramlab', startup_timeout=60)\n"
        "out = []\n"
        "reply = kc.execute_interactive('6 * 7', timeout=60, output_hook=out.append)\n"
        "print(reply['content']['status'], [m['content']['data']['text/plain'] for m in out"
        " if m['msg_type'] == 'execute_result'])\n"
        "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
    )
    answer = run([str(env_dir / "bin" / "python"), "-c", probe], env, repo / "notebooks", 180)
    assert answer.strip() == "ok ['42']", answer
