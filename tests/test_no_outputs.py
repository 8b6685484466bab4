"""Committed notebooks carry no outputs and no execution counts (tests execute them)."""
from __future__ import annotations

import nbformat
import pytest

from notebook_files import committed_notebooks, notebook_path


@pytest.mark.parametrize("name", committed_notebooks())
def test_committed_notebook_has_no_outputs(name: str) -> None:
    nb = nbformat.read(notebook_path(name), as_version=4)
    nbformat.validate(nb)
    dirty = [
        f"cell {i}: {len(cell.outputs)} outputs, execution_count={cell.execution_count}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{name} was committed with outputs; clear them (Edit > Clear All Outputs): {dirty}"
