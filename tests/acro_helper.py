"""Run ACRO 1.0.2 on prepared microdata and report which checks it flags in each cell.

ACRO pins ``pandas<=2.3.3``, so it usually lives in its own virtual environment; this script
runs under that interpreter (``SDC_ACRO_PYTHON``) and needs only pandas and acro, never sdc.

    python acro_helper.py SPEC.json RESULT.json

SPEC: ``{"runs": [{"data": "seed1.csv", "keys": ["a", "b"], "cases": [{"id": "...",
"index": ["a"], "columns": ["b"], "values": "v" | null, "aggfunc": "mean" | null,
"margins": false}]}]}``. RESULT: ``{case id: {"index": [[labels]], "columns": [[labels]],
"outcome": [[text]], "status": "fail"}}`` where ``outcome`` is ACRO's per-cell text (``ok`` or
the names of the checks that flag the cell, e.g. ``"NKCheck; MinimumThresholdCheck; "``).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from typing import Any


def _labels(index: Any) -> list[list[str]]:
    return [[str(x) for x in (v if isinstance(v, tuple) else (v,))] for v in index]


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Every case of every run, through ``ACRO(suppress=False).crosstab``."""
    import pandas as pd
    from acro import ACRO

    logging.disable(logging.CRITICAL)  # ACRO logs every table at INFO
    results: dict[str, Any] = {}
    cwd = os.getcwd()
    # ACRO formats its tables into debug messages even with logging off; pandas, run from a
    # script, fits each to the terminal's width column by column (CI time; same results)
    with tempfile.TemporaryDirectory() as scratch, pd.option_context("display.max_columns", 20):
        os.chdir(scratch)  # ACRO may write its outputs folder in the working directory
        try:
            for run_spec in spec["runs"]:
                dtypes = dict.fromkeys(run_spec["keys"], str)
                data = pd.read_csv(run_spec["data"], dtype=dtypes, float_precision="round_trip")
                for case in run_spec["cases"]:
                    acro = ACRO(suppress=False)
                    index = [data[c] for c in case["index"]]
                    columns = [data[c] for c in case["columns"]]
                    values = data[case["values"]] if case.get("values") else None
                    acro.crosstab(index if len(index) > 1 else index[0],
                                  columns if len(columns) > 1 else columns[0],
                                  values=values, aggfunc=case.get("aggfunc"),
                                  margins=bool(case.get("margins")))
                    record = list(acro.results.results.values())[-1]
                    outcome = record.outcome
                    results[case["id"]] = {
                        "index": _labels(outcome.index),
                        "columns": _labels(outcome.columns),
                        "outcome": [[str(x) for x in row] for row in outcome.to_numpy()],
                        "status": record.status,
                    }
        finally:
            os.chdir(cwd)
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    result = run(spec)
    with open(argv[2], "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
