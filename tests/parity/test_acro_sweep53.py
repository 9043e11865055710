"""Round 53 (acro53): ACRO 1.0.2 side by side on round 52's options made while ACRO's
suppression is on (``acro_sweep53.py``'s ``suppress`` variant: ``crosstab`` of ``values=``
with an ``aggfunc`` list, counts with ``margins=True`` and ``normalize=``, ``pivot_table``
over three index levels, a ``hist`` and a ``surv_func`` table and plot; ACRO blanks each cell
it fails and marks the table ``review``). Recorded (CI replays it) and checked as
``benchmarks/acro_agreement53.py`` checks seeds 53001-53004: in ACRO's folder and in the
tables saved alone (``to_csv``: the other seven ways are the benchmark's), nothing ACRO did not
pass passes, and no cell ACRO flagged and left printed is without a finding.
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

SWEEP = Path(__file__).with_name("acro_sweep53.py")
SEED = "53001"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return sweep_driver.session(tmp_path_factory, SWEEP, ["suppress", SEED], f"s53s-{SEED}")


def test_acros_folder_nothing_acro_flagged_passes(session: Session) -> None:
    expected = session.expected
    tally, wrong = sweep_driver.tally(folder_outputs(expected), expected, session.checked(),
                                      f"{SEED} acro")
    assert wrong == []
    assert tally["cell: named"] > 500
    assert tally["cell: table-level finding only"] == 0
    assert tally["table: ACRO review / sdc fail"] >= 10


def test_nothing_acro_flagged_passes_saved_alone(session: Session,
                                                 tmp_path: Path) -> None:
    # the CSVs alone: the eight styles in one folder are the benchmark's (seconds of CI)
    plain = tmp_path / "plain"
    plain.mkdir()
    expected = session.tables()
    for uid in expected:
        path = session.folder("-plain") / f"{uid}.csv"
        if path.is_file():
            (plain / path.name).write_bytes(path.read_bytes())
    keys = written(plain, plain_outputs(expected, "csv", STYLES))
    tally, wrong = sweep_driver.tally(keys, in_style(expected, "csv", collections.Counter()),
                                      session.checked(plain), f"{SEED} csv")
    assert wrong == []
    assert tally["table: ACRO review / sdc pass"] == 0
    assert tally["cell: named"] > 400


def test_the_sweep_drew_what_it_aims_at(session: Session) -> None:
    calls = session.calls
    assert all(text.startswith("[suppress] ") for text in calls.values())
    shown = " ".join(calls.values())
    for call in ("aggfunc=['", "margins normalize=", "index=['area', 'smoker', 'sex']",
                 "hist profit", "surv_func table", "surv_func plot"):
        assert call in shown, call
    blanks = [c for e in session.tables().values() for c in e["cells"] if c["blank"]]
    assert len(blanks) > 20  # ACRO's masked cells, written empty
