"""Round 36 (acro36): ACRO 1.0.2 sessions of shapes no earlier sweep drew (``acro_sweep36.py``:
``pivot_table`` of five to seven statistics at once, some over two column variables, magnitude
crosstabs with ``normalize=``, margins under new names, models on few records, ``hist`` and
``surv_func``), each table saved alone ``to_csv`` and ``to_excel`` and once as the researcher
edited it after ACRO (renamed statistics, its last column dropped, rounded). Recorded (CI
replays them) and checked as ``benchmarks/acro_agreement36.py`` checks seeds 36001-36008: no
output ACRO failed passes in any reading, and no flagged cell is left without a finding.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement36 import EDITED, STYLES, edited_away
from tests.parity import sweep_driver
from tests.parity.sweep_driver import Session

SWEEP = Path(__file__).with_name("acro_sweep36.py")
SEED = "36001"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return sweep_driver.session(tmp_path_factory, SWEEP, [SEED], f"s36-{SEED}", timeout=300)


def _tally(keys: Any, expected: Any, result: sdc.RunResult, where: str
           ) -> collections.Counter[str]:
    tally, wrong = sweep_driver.tally(keys, expected, result, f"{SEED} {where}")
    assert wrong == [], where
    return tally


def test_acros_folder_nothing_acro_failed_passes(session: Session) -> None:
    expected = session.expected
    tally = _tally(folder_outputs(expected), expected, session.checked(), "acro")
    assert tally["cell: named"] > 100
    assert tally["table: ACRO fail / sdc fail"] >= 8
    assert tally["regression: ACRO fail / sdc fail"] >= 3  # each model's files


def test_nothing_acro_failed_passes_alone(session: Session) -> None:
    expected = session.expected
    result = session.checked("-plain")
    for style in STYLES:
        tally = _tally(plain_outputs(expected, style, STYLES),
                       in_style(expected, style, collections.Counter()), result, style)
        assert tally["cell: named"] > 100, style
        assert tally["table: ACRO fail / sdc pass"] == 0, style


def test_nothing_acro_failed_passes_as_the_researcher_edited_it(session: Session) -> None:
    tables = {u: e for u, e in session.tables().items() if not edited_away(e)}
    assert {e["edit"]["how"] for e in tables.values()} == {"rename", "drop", "round"}
    tally = _tally(plain_outputs(tables, "edited", EDITED),
                   in_style(tables, "edited", collections.Counter()),
                   session.checked("-edited"), "edited")
    assert tally["cell: named"] > 100
    assert tally["table: ACRO fail / sdc pass"] == 0


def test_the_sweep_drew_what_it_aims_at(session: Session) -> None:
    stem, calls = session.stem, session.calls
    shown = " ".join(calls.values())
    for call in ("'normalize': 'index'", "columns=['sex', 'grp']", "margins_name=Grand total",
                 "hist", "surv_func", "probit"):
        assert call in shown, call
    assert any(len(c.split("aggfunc=[")[1].split("]")[0].split(",")) >= 6
               for c in calls.values() if "aggfunc=[" in c)
    # four header lines: the statistic, the values' name, sex, grp
    assert Path(f"{stem}-plain/output_11.csv").read_text(encoding="utf-8").count("\n") > 4
    assert "Total pay" in Path(f"{stem}-edited/output_11.csv").read_text(encoding="utf-8")
