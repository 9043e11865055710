"""Round 29 (oracle29): the round-27 random sessions on seeds never used before (5001-5100),
recorded, checked as ``test_acro_sweep27`` checks its seeds, and the case they found:

* a zero in a margin ACRO flagged under its threshold only (no ``PresenceOfZeroCheck`` there):
  counts by area, band and grp with margins, South / 65+ / g1 has one woman's row written
  ``0.0``, no man (blank) and an ``All`` of ``0.0``. SDC101 gives zeros to SDC102, and SDC102
  judges a margin only from a zero record, so ACRO's flag at the margin went unnamed (the
  output failed on its other cells). Round 29: SDC101 ``fail`` at the margin, from the record;
  round 33: SDC102 ``fail`` there, from the file (a margin's zero count is named as an inner
  one is, with or without ACRO's record).
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import pytest

from tests.parity.test_acro_sweep import findings_at, named_in_folder, sweep27_folders

SWEEP = Path(__file__).with_name("acro_sweep27.py")
SEEDS = ["5091"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    return sweep27_folders(tmp_path_factory.mktemp("acro-sweep29"), SWEEP, SEEDS)


def _at(folders, seed: str, name: str, cell: str | None) -> set[tuple[str, str]]:
    return findings_at(folders[seed][0], name, cell)


def test_a_zero_margin_acro_flagged_under_its_threshold_only(folders) -> None:
    _, expected = folders["5091"]
    checks = collections.defaultdict(set)
    for c in expected["output_4"]["cells"]:
        checks[c["ref"]].add(c["check"])
    assert checks["F24"] == {"MinimumThresholdCheck"}  # the margin: no zero check
    assert [c["text"] for c in expected["output_4"]["cells"] if c["ref"] == "F24"] == ["0.0"]
    # round 29 named it SDC101 from the record; since round 33 SDC102 names a margin's zero
    # count from the file (as it names the inner ones), and SDC101 leaves it to it
    assert _at(folders, "5091", "output_4_0.csv", "F24") == {("SDC102", "fail")}


def test_the_inner_zero_stays_sdc102_and_an_unflagged_margin_has_nothing(folders) -> None:
    # the woman's 0.0 beside it is SDC102's own (not also SDC101 from the same record); the
    # margin of North / 16-34 / g1 (14 people, ACRO flagged its 8 and 6, not the 14) is safe
    _, expected = folders["5091"]
    assert "F14" not in {c["ref"] for c in expected["output_4"]["cells"]}
    assert {r for r, _ in _at(folders, "5091", "output_4_0.csv", "D24")} >= {"SDC102"}
    assert "SDC101" not in {r for r, _ in _at(folders, "5091", "output_4_0.csv", "D24")}
    assert _at(folders, "5091", "output_4_0.csv", "F14") == set()


@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_acro_flagged_is_named_at_its_cell(seed: str, folders) -> None:
    assert named_in_folder(*folders[seed], seed)["cell: named"] > 0
