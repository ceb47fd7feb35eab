"""The notebooks in notebooks/ run from start to end, and are stored without outputs."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds for one cell; the slowest, training, takes 10 to 40 s


def test_the_notebooks_are_there():
    assert [nb.name for nb in NOTEBOOKS] == ["reviewer.ipynb", "walkthrough.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        k
        for k, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"] is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, monkeypatch):
    """Every cell runs without an error, headless, from the repository root."""
    import nbformat
    from nbclient import NotebookClient

    # Headless: matplotlib's inline backend draws with Agg and hands the PNG to the notebook, so
    # the charts are really drawn (with MPLBACKEND=Agg plt.show() would draw nothing).
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # what the notebook writes goes here
    monkeypatch.delenv("NLP_PERF_MODEL", raising=False)  # the shipped model, whatever is set
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    for k, cell in enumerate(code):
        drawn = sum("image/png" in out.get("data", {}) for out in cell.outputs)
        assert drawn == cell.source.count("plt.show()"), f"code cell {k} drew {drawn} charts"
