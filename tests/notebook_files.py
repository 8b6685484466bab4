"""Which notebooks the workbook must have, and which it has."""
from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
REQUIRED = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]  # issue 4: 01-04; issue 8: 05; issue 7: 06-09; issue 14: 10


def notebook_params() -> list[str]:
    """Every notebooks/*.ipynb, plus a 'missing' entry for each required number not there
    (so a missing notebook is a failing test, never an empty parameter list)."""
    found = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    missing = [f"{n}-MISSING" for n in REQUIRED if not any(f.startswith(n) for f in found)]
    return found + missing


def notebook_path(name: str) -> Path:
    """notebooks/<name>: "06-x.ipynb" for the English edition, "zh/06-x.ipynb" for its Chinese twin."""
    n = Path(name).name[:2]
    if name.startswith("zh/"):
        assert not name.endswith("-MISSING"), (
            f"the Chinese twin of notebook {n} is missing: expected notebooks/zh/{n}-*.ipynb, since "
            f"tests/notebook_files.py lists {n} in ZH_REQUIRED (issue 19)"
        )
    assert not name.endswith("-MISSING"), (
        f"notebook {n} does not exist: expected notebooks/{n}-*.ipynb (issues 4, 7, 8)"
    )
    return NOTEBOOKS / name


def committed_notebooks() -> list[str]:
    """Notebooks tracked by git, both editions (all of notebooks/**/*.ipynb when not in a git work tree)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--", "notebooks/*.ipynb"], cwd=REPO, check=True,
            capture_output=True, text=True,
        ).stdout.split()
        # relative to notebooks/: "06-x.ipynb", and "zh/06-x.ipynb" for the Chinese twins (git's * crosses /)
        tracked = sorted(Path(p).relative_to("notebooks").as_posix() for p in out)
    except (OSError, subprocess.CalledProcessError):
        tracked = sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.rglob("*.ipynb"))
    missing = [f"{n}-MISSING" for n in REQUIRED if not any(f.startswith(n) for f in tracked)]
    return tracked + missing


# ---- the Chinese edition (issue 19): notebooks/zh/<the English file name> ---------------------------

ZH = NOTEBOOKS / "zh"

# The Chinese twins that have landed. A notebook engineer adds the number here in the commit that adds
# the twin; from then on the twin is required (its loss fails), and every notebook not listed shows as
# an expected failure "no Chinese twin yet" in test_editions.py. The goal is all of REQUIRED.
ZH_REQUIRED: list[str] = [
    "01", "02", "03",
    "04", "05", "06", "07",
    "08", "09", "10",
]


def zh_names() -> list[str]:
    """Every Chinese twin present, as "zh/NN-name.ipynb" (a path relative to notebooks/)."""
    return sorted(f"zh/{p.name}" for p in ZH.glob("*.ipynb"))


def zh_notebook_params() -> list[str]:
    """Every twin present, plus a 'missing' entry for each number of ZH_REQUIRED without its twin."""
    found = zh_names()
    missing = [f"zh/{n}-MISSING" for n in ZH_REQUIRED if not any(f.startswith(f"zh/{n}") for f in found)]
    return found + missing


def all_editions_params() -> list[str]:
    """The English notebooks and the Chinese twins: "06-distillation.ipynb", "zh/06-distillation.ipynb"."""
    return notebook_params() + zh_notebook_params()


def number(name: str) -> str:
    """The notebook's number, "06", for either edition's name."""
    return Path(name).name[:2]


def english_twin(name: str) -> str:
    """The English notebook of a Chinese twin: "zh/06-x.ipynb" -> "06-x.ipynb" (an English name is its own)."""
    return Path(name).name
