"""notebooks/explore.ipynb: shipped without outputs, and run top to bottom on every test run.

The notebook is executed with nbclient in a kernel started by this very
interpreter (a kernel spec written to a temp folder and put first on
JUPYTER_PATH: nothing is registered anywhere), builds into a temp folder, and
must leave the repository as it found it.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 10
    for cell in code:
        assert cell.get("outputs") == [], "strip the outputs: python scripts/strip_notebooks.py"
        assert cell.get("execution_count") is None
        assert not cell.get("metadata"), cell.get("metadata")
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "strip_notebooks.py"), "--check",
                            str(NOTEBOOK)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _kernel_spec(folder: Path) -> str:
    """A kernel spec that runs ipykernel with this interpreter."""
    name = "fupin-kg-test"
    spec = folder / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fupin-kg (tests)", "language": "python"}), encoding="utf-8")
    return name


def _repo_files() -> set[str]:
    """The notebook's folder, and the repository's top level."""
    return ({str(p.relative_to(ROOT)) for p in NOTEBOOK.parent.rglob("*")}
            | {p.name for p in ROOT.iterdir()})


def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")

    jupyter = tmp_path / "jupyter"
    name = _kernel_spec(jupyter)
    out = tmp_path / "out"
    figures = tmp_path / "figures"
    figures.mkdir()
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(out))
    monkeypatch.setenv("KG_FIGURES", str(figures))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    before = _repo_files()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=name, timeout=120, allow_errors=False,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    start = time.monotonic()
    client.execute()
    elapsed = time.monotonic() - start
    assert elapsed < 60, f"the notebook took {elapsed:.1f} s"

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "built 1 article" in text
    assert text.count("same: True") == 3, text          # GraphML, GEXF, CSV read back whole
    assert "CJK font:" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2                             # funds by purpose, timeline
    htmls = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<iframe" in h and "srcdoc" in h for h in htmls)   # the interactive graph
    assert any("市委书记" in h for h in htmls)                    # a question's DataFrame
    assert (out / "graph.trig").is_file() and (out / "tables" / "nodes.csv").is_file()
    assert (figures / "funds-by-purpose.png").stat().st_size > 10_000
    assert _repo_files() == before, "the notebook left files in the repository"
