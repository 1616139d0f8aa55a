"""Notebooks in notebooks/ run headless, top to bottom, without errors or warnings, and every
cell that makes a figure shows it as an image (not as "<Figure size 750x420 with 1 Axes>")."""
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
#: a cell makes a figure when it calls one of undercurrent's *_figure functions (save_figure
#: only writes one) or pyplot's figure makers
MAKES_FIGURE = re.compile(r"(?<!save)_figure\(|\bplt\.(?:subplots|figure)\(")


def figure_problems(nb) -> list[str]:
    """Cells that make a figure without an image/png output, and outputs that show a figure as text."""
    problems = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        if MAKES_FIGURE.search(cell.source) and not images:
            problems.append(f"cell {k} makes a figure but shows no image: {cell.source.splitlines()[-1]!r}")
        for out in outputs:
            text = out.get("data", {}).get("text/plain", "")
            if str(text).startswith("<Figure size") and "image/png" not in out.get("data", {}):
                problems.append(f"cell {k} shows a figure as text: {text!r}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    # the kernel is started as "python" from PATH: make that this interpreter
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("UNDERCURRENT_QUIET", "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error"
            if out.get("name") == "stderr":
                assert "Warning" not in out["text"], out["text"]
    assert not figure_problems(nb)


def test_the_figure_check_can_fail():
    """A figure cell executed without an image output (the inline backend not active) is caught."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    as_text = new_output("execute_result", data={"text/plain": "<Figure size 750x420 with 1 Axes>"}, execution_count=1)
    nb = new_notebook(cells=[new_code_cell("code_matrix_figure(matrix)", outputs=[as_text]),
                             new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2])"),
                             new_code_cell("save_figure(fig, 'out')\nprint('saved')"),
                             new_code_cell("topic_terms_figure(model.topics)", outputs=[new_output(
                                 "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})])])
    found = figure_problems(nb)
    assert len(found) == 3  # cell 0 twice (no image, and shown as text), cell 1 once; cells 2 and 3 are fine
    assert sum("cell 0" in f for f in found) == 2 and sum("cell 1" in f for f in found) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_figure_cells_turn_on_inline_figures(path):
    """Figures are matplotlib Figure objects made without pyplot: a notebook shows them as images
    only with the inline backend on, so every notebook that makes figures says %matplotlib inline
    before its first figure (quick check; test_notebook_runs checks the images themselves)."""
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    first_figure = next((k for k, src in enumerate(code) if MAKES_FIGURE.search(src)), None)
    if first_figure is not None:
        assert any("%matplotlib inline" in src for src in code[:first_figure + 1]), path.name


def test_there_is_a_corpus_notebook():
    assert "01_corpus.ipynb" in [p.name for p in NOTEBOOKS]
