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
    assert not name.endswith("-MISSING"), (
        f"notebook {name[:2]} does not exist: expected notebooks/{name[:2]}-*.ipynb (issues 4, 7, 8)"
    )
    return NOTEBOOKS / name


def committed_notebooks() -> list[str]:
    """Notebooks tracked by git (all of notebooks/*.ipynb when not in a git work tree)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--", "notebooks/*.ipynb"], cwd=REPO, check=True,
            capture_output=True, text=True,
        ).stdout.split()
        tracked = sorted(Path(p).name for p in out)
    except (OSError, subprocess.CalledProcessError):
        tracked = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    missing = [f"{n}-MISSING" for n in REQUIRED if not any(f.startswith(n) for f in tracked)]
    return tracked + missing
