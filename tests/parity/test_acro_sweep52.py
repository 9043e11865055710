"""Round 52 (acro52): ACRO 1.0.2 side by side on crosstabs of ``max``, ``min`` or ``mode`` of
whole numbers whose margins are named ``Everyone`` (``acro_sweep52.py``'s ``own`` variant),
each table saved alone eight ways. Recorded (CI replays it) and checked as
``benchmarks/acro_agreement52.py`` checks seeds 52001-52004: no output ACRO failed passes in
any reading, and no cell ACRO flagged passes in the CSV and workbook readings. Base52 passed
20 flagged cells of seed 52002 ``output_4`` (``crosstab(area, smoker, sex x died, benefit,
max, margins_name="Everyone")``) in both: ``Everyone`` was no margin the reader knew, so the
maxima read as counts (``sdc/readers/layout_own_margin.py``).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from benchmarks.acro_agreement27 import folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement51 import STYLES, written
from tests.parity import sweep_driver
from tests.parity.sweep_driver import Session

SWEEP = Path(__file__).with_name("acro_sweep52.py")
SEED = "52002"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return sweep_driver.session(tmp_path_factory, SWEEP, ["own", SEED], f"s52o-{SEED}")


def test_acros_folder_every_flag_named_at_its_cell(session: Session) -> None:
    expected = session.expected
    tally, wrong = sweep_driver.tally(folder_outputs(expected), expected, session.checked(),
                                      f"{SEED} acro")
    assert wrong == []
    assert tally["cell: named"] > 100
    assert tally["cell: table-level finding only"] == 0


def test_nothing_acro_flagged_passes_alone(session: Session) -> None:
    expected, plain = session.expected, session.folder("-plain")
    result = session.checked("-plain")
    for style in STYLES:
        keys = written(plain, plain_outputs(expected, style, STYLES))
        tally, wrong = sweep_driver.tally(
            keys, in_style(expected, style, collections.Counter()), result, f"{SEED} {style}")
        assert wrong == [], style  # base52: 20 cells of output_4 in csv and xlsx
        assert tally["table: ACRO fail / sdc pass"] == 0, style


def test_the_sweep_drew_what_it_aims_at(session: Session) -> None:
    calls = session.calls
    assert "'aggfunc': 'max', 'margins': True, 'margins_name': 'Everyone'" in calls["output_4"]
    assert "['area', 'smoker', 'sex'] x ['died']" in calls["output_4"]
    shown = " ".join(calls.values())
    for call in ("'aggfunc': 'min'", "'aggfunc': 'mode'"):
        assert call in shown, call
    assert (session.folder("-plain") / "output_4.csv").is_file()
