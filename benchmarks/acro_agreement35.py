"""sdc against ACRO 1.0.2 on round 35's sessions (``tests/parity/acro_sweep35.py``): tables
ACRO masked (half made under its suppression) saved alone with the researcher's mask in the
blanks, three-level keys in every style, and models' summaries saved alone.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement35 \\
        [--seeds 35001-35040] [--root DIR] [--detail]

As ``benchmarks/acro_agreement34.py``, with eight more readings of the tables alone, masked
(each mask's folder checked alone): ``*`` in the blanks (``csv*``, ``xlsx*``, ``md*``,
``html*``, ``tex*``) and empty blanks (``md_``, ``html_``, ``tex_``), each flagged cell where
its unmasked style put it; and four
readings of each model's summary saved alone (ROOT/s35-SEED-models, checked as a folder):
statsmodels' text (``sum-txt``), LaTeX (``sum-tex``), HTML (``sum-html``) and the coefficient
table alone (``coef``).
"""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path
from typing import Any

import sdc
from benchmarks.acro_agreement32 import recorded, tally_readings
from benchmarks.acro_agreement33 import in_style, plain_outputs, run
from benchmarks.acro_agreement34 import STYLES

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep35.py"
# each masked folder's readings: (file name's tail, sheet)
MASKED: dict[str, dict[str, tuple[str, str | None]]] = {
    "-star": {"csv*": (".csv", None), "xlsx*": (".xlsx", "Sheet1"), "md*": (".md", None),
              "html*": (".html", None), "tex*": (".tex", None)},
    "-blank": {"md_": (".md", None), "html_": (".html", None), "tex_": (".tex", None)}}
SUMMARIES = {"sum-txt": ".txt", "sum-tex": ".tex", "sum-html": ".html", "coef": "-coef.csv"}


def latex(root: Path, seeds: list[int]) -> None:
    """Each pickled table written ``to_latex``, plain and masked, by this interpreter."""
    subprocess.run([sys.executable, str(SWEEP), str(root), "latex", *map(str, seeds)],
                   check=True, capture_output=True)


def masked_and_summaries(root: Path, seeds: list[int], policy: Any,
                         found: dict[str, Any]) -> None:
    """The tables masked, each mask's folder checked alone, and each model's summary saved
    alone, against ACRO's record."""
    names = [*(n for styles in MASKED.values() for n in styles), *SUMMARIES]
    for name in names:
        found["tallies"][name], found["wide"][name], found["stricter"][name] = (
            collections.Counter[str](), [], [])
    for seed in seeds:
        stem = root / f"s35-{seed}"
        expected, calls = recorded(stem)
        tables = {u: e for u, e in expected.items() if e["type"] == "table"}
        readings = []
        for tail, styles in MASKED.items():
            result = sdc.check(Path(f"{stem}{tail}"), policy)
            readings += [(s, plain_outputs(tables, s, styles),
                          in_style(tables, s, found["tallies"][s]), result) for s in styles]
        models = {u: e for u, e in expected.items() if e["type"] == "regression"}
        result = sdc.check(Path(f"{stem}-models"), policy)
        readings += [(name, {u: [(f"{u}{tail}", None)] for u in models}, models, result)
                     for name, tail in SUMMARIES.items()]
        tally_readings(readings, found, calls, seed)


def main(argv: list[str]) -> int:
    return run(argv, __doc__, "s35", "35001-35040", SWEEP, STYLES, ("json",), latex,
               masked_and_summaries)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
