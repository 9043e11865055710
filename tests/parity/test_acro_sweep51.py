"""Round 51 (acro51): ACRO 1.0.2 side by side on tables of one statistic no file alone names
(``acro_sweep51.py``'s ``extremes`` variant: crosstabs of ``min``, ``max``, ``median``,
``mode``, ``std`` or ``mean`` of a profit of either sign, a mostly-zero benefit or pay, margins
named ``All``, ``Total``, ``Everyone`` or ``All groups``), each table saved alone eight ways
(``to_csv``, ``to_excel``, ``to_markdown``, ``to_html``, with and without the index).
Recorded (CI replays it) and checked as ``benchmarks/acro_agreement51.py`` checks seeds
51001-51010: no output ACRO failed passes in any reading, and in ACRO's own folder every flag
is named at its cell (round 51's fix: a margin of its own name, ``Everyone,`` under two index
levels, no longer hid the outcome's places).
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement51 import STYLES, written
from tests.parity import sweep_driver
from tests.parity.sweep_driver import Session

SWEEP = Path(__file__).with_name("acro_sweep51.py")
SEED = "51007"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return sweep_driver.session(tmp_path_factory, SWEEP, ["extremes", SEED], f"s51e-{SEED}",
                                timeout=300)


def _tally(keys: Any, expected: Any, result: sdc.RunResult, where: str
           ) -> collections.Counter[str]:
    tally, wrong = sweep_driver.tally(keys, expected, result, f"{SEED} {where}")
    assert wrong == [], where
    return tally


def test_acros_folder_every_flag_named_at_its_cell(session: Session) -> None:
    expected = session.expected
    tally = _tally(folder_outputs(expected), expected, session.checked(), "acro")
    assert tally["cell: named"] > 150
    assert tally["cell: table-level finding only"] == 0  # base51: 10 (output_2)
    assert "margins_name': 'Everyone'" in session.calls["output_2"]


def test_nothing_acro_failed_passes_alone(session: Session) -> None:
    expected, plain = session.expected, session.folder("-plain")
    result = session.checked("-plain")
    for style in STYLES:
        keys = written(plain, plain_outputs(expected, style, STYLES))
        tally = _tally(keys, in_style(expected, style, collections.Counter()), result, style)
        assert tally["table: ACRO fail / sdc pass"] == 0, style
        assert tally["table: ACRO fail / sdc fail"] + tally["table: ACRO fail / sdc review"] \
            >= 8, style


def test_the_sweep_drew_what_it_aims_at(session: Session) -> None:
    shown = " ".join(session.calls.values())
    for call in ("'aggfunc': 'mode'", "'aggfunc': 'median'", "'margins_name': 'Everyone'",
                 "'margins_name': 'All groups'", "'values': 'profit'"):
        assert call in shown, call
    plain = session.folder("-plain")
    for tail in ("-noindex.md", "-noindex.html", "-noindex.csv", ".xlsx"):
        assert (plain / f"output_2{tail}").is_file(), tail
