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
import json
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import compare, folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement51 import STYLES, written
from tests import acro_recordings
from tests.parity.test_acro_sweep import POLICY

SWEEP = Path(__file__).with_name("acro_sweep52.py")
SEED = "52002"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    root = tmp_path_factory.mktemp("acro-sweep52")
    acro_recordings.run(SWEEP, [str(root), "own", SEED], root, timeout=600)
    stem = root / f"s52o-{SEED}"
    return stem, *(json.loads(Path(f"{stem}{tail}").read_text(encoding="utf-8"))
                   for tail in (".expected.json", ".calls.json"))


def _wrong(keys: Any, expected: Any, result: sdc.RunResult, where: str
           ) -> tuple[collections.Counter[str], list[str]]:
    tally: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    compare(keys, expected, result, tally, wrong, [], f"{SEED} {where}")
    return tally, wrong


def test_acros_folder_every_flag_named_at_its_cell(session) -> None:
    stem, expected, _ = session
    tally, wrong = _wrong(folder_outputs(expected), expected, sdc.check(stem, POLICY), "acro")
    assert wrong == []
    assert tally["cell: named"] > 100
    assert tally["cell: table-level finding only"] == 0


def test_nothing_acro_flagged_passes_alone(session) -> None:
    stem, expected, _ = session
    plain = Path(f"{stem}-plain")
    result = sdc.check(plain, POLICY)
    for style in STYLES:
        keys = written(plain, plain_outputs(expected, style, STYLES))
        tally, wrong = _wrong(keys, in_style(expected, style, collections.Counter()), result,
                              style)
        assert wrong == [], style  # base52: 20 cells of output_4 in csv and xlsx
        assert tally["table: ACRO fail / sdc pass"] == 0, style


def test_the_sweep_drew_what_it_aims_at(session) -> None:
    stem, _, calls = session
    assert "'aggfunc': 'max', 'margins': True, 'margins_name': 'Everyone'" in calls["output_4"]
    assert "['area', 'smoker', 'sex'] x ['died']" in calls["output_4"]
    shown = " ".join(calls.values())
    for call in ("'aggfunc': 'min'", "'aggfunc': 'mode'"):
        assert call in shown, call
    assert (Path(f"{stem}-plain") / "output_4.csv").is_file()
