"""sdc against ACRO 1.0.2 on round 34's sessions (``tests/parity/acro_sweep34.py``): what earlier
sweeps drew least (several statistics with margins, pivot tables of aggfunc lists, tables made
under ACRO's mitigations, histograms and survival outputs, models with one to four residual
degrees of freedom), in ACRO's folder and saved by pandas alone six ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement34 \\
        [--seeds 34001-34040] [--root DIR] [--detail]

As ``benchmarks/acro_agreement33.py``, with a sixth reading, ``to_latex`` (``tex``): written by
this interpreter from the tables ACRO's run pickled (its environment has no jinja2), each
flagged cell located in the tabular by the sweep.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.acro_agreement33 import STYLES as STYLES33
from benchmarks.acro_agreement33 import run

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep34.py"
STYLES: dict[str, tuple[str, str | None]] = {**STYLES33, "tex": (".tex", None)}


def latex(root: Path, seeds: list[int]) -> None:
    """Each pickled table written ``to_latex`` and its flagged cells located, by this
    interpreter."""
    subprocess.run([sys.executable, str(SWEEP), str(root), "latex", *map(str, seeds)],
                   check=True, capture_output=True)


def main(argv: list[str]) -> int:
    return run(argv, __doc__, "s34", "34001-34040", SWEEP, STYLES, ("json",), latex)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
