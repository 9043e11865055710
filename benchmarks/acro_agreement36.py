"""sdc against ACRO 1.0.2 on round 36's sessions (``tests/parity/acro_sweep36.py``):
``pivot_table`` of five to seven statistics at once (some over two column variables),
magnitude crosstabs with ``normalize=``, margins under new names, models on few records,
``hist`` and ``surv_func``, each table saved alone two ways and once as the researcher edited
it after ACRO.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement36 \\
        [--seeds 36001-36008] [--root DIR] [--detail]

Readings, as ``benchmarks/acro_agreement33.py`` tallies them: ACRO's folder (``acro``), each
table alone ``to_csv`` (``csv``, with the models' and pictures' files) and ``to_excel``
(``xlsx``), and the edited tables (``edited``, ROOT/s36-SEED-edited checked as a folder: each
flagged cell where the edit moved it; a flag in a dropped column is counted ``unlocated``, and
a table whose edit dropped every flagged cell is tallied apart, ``edited away``, for a
person to judge: ACRO never saw that file).
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path
from typing import Any

import sdc
from benchmarks.acro_agreement32 import recorded, tally_readings
from benchmarks.acro_agreement33 import in_style, plain_outputs, run

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep36.py"
STYLES: dict[str, tuple[str, str | None]] = {"csv": (".csv", None),
                                             "xlsx": (".xlsx", "Sheet1")}
EDITED: dict[str, tuple[str, str | None]] = {"edited": (".csv", None)}


def edited_away(entry: dict[str, Any]) -> bool:
    """A table ACRO flagged whose edit dropped every flagged cell that shows a number."""
    shown = [f for f in entry["cells"] if not f["blank"] and f["check"] != "MinimumDoFCheck"]
    refs = entry.get("styles", {}).get("edited", {})
    return bool(shown) and not any(f["csv_ref"] in refs for f in shown) and \
        "MinimumDoFCheck: fail" not in entry["summary"]


def edited_reading(root: Path, seeds: list[int], policy: Any, found: dict[str, Any]) -> None:
    """The edited tables, checked as a folder, against ACRO's record moved by the edit."""
    found["tallies"]["edited"], found["wide"]["edited"], found["stricter"]["edited"] = (
        collections.Counter[str](), [], [])
    for seed in seeds:
        stem = root / f"s36-{seed}"
        expected, calls = recorded(stem)
        tables = {u: e for u, e in expected.items() if e["type"] == "table"}
        away = {u for u, e in tables.items() if edited_away(e)}
        found["tallies"]["edited"]["table: edited away (not compared)"] += len(away)
        kept = {u: e for u, e in tables.items() if u not in away}
        result = sdc.check(Path(f"{stem}-edited"), policy)
        tally_readings([("edited", plain_outputs(kept, "edited", EDITED),
                         in_style(kept, "edited", found["tallies"]["edited"]), result)],
                       found, calls, seed)


def main(argv: list[str]) -> int:
    return run(argv, __doc__, "s36", "36001-36008", SWEEP, STYLES, (), None, edited_reading)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
