"""Executes a notebook (nbclient) against a lake, as CI does for notebooks-data/explore.ipynb, so
that the researcher's notebook cannot rot: any cell that fails (an assert included) fails this.
Checks that it drew its chart and, over a lake with synthetic products, labelled it so.

Usage: python3 tests/python/run_notebook.py NOTEBOOK LAKE_DIR [CHART_PNG]
The notebook file is not changed.
"""
import json
import os
import sys
from pathlib import Path

import nbclient
import nbformat


def main(notebook: Path, lake: Path, chart: str | None) -> None:
    os.environ["OVOP_LAKE"] = str(lake.resolve())
    if chart:
        os.environ["OVOP_NOTEBOOK_CHART"] = str(Path(chart).resolve())
    nb = nbformat.read(notebook, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    if len(images) != 1:
        sys.exit(f"{notebook}: expected one chart, got {len(images)}")
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    provenance = lake / "marts" / "_provenance.json"
    synthetic = provenance.exists() and json.loads(provenance.read_text()).get("product_scores", False)
    if synthetic != ("synthetic data" in text):
        sys.exit(f"{notebook}: product_scores synthetic={synthetic}, but the output's label says otherwise")
    print(f"run_notebook: {notebook.name} ran {sum(c.cell_type == 'code' for c in nb.cells)} cells on {lake}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
