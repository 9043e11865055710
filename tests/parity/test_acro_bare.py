"""``sdc check`` on ACRO 1.0.2 folders with ACRO's bookkeeping removed (no ``results.json``,
``checksums/``, ``session_summary.*`` or ``config.json``): the files alone, as a researcher
might hand them over. What ACRO recorded from the microdata is then unknown to sdc, so:

* no output ACRO failed or reviewed passes (a table of means or sums with no evidence is
  ``review``: dominance cannot be assessed from the file; a model table with no dof source
  is ``review``);
* on the frequency cross-tabulations, every count ACRO's threshold check flagged and left
  shown is found at its cell (SDC101, SDC102 for a zero) ``fail``: counts need no record.

The sessions are ACRO's own, with its suppression off and on.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import sdc
from tests.parity.test_acro_parity import ORDER, POLICY, _by_place, _status

BOOKKEEPING = ("results.json", "config.json", "session_summary.csv", "session_summary.json")
RUNS = [(1, "none"), (3, "suppress")]  # sessions the other parity tests write too


@pytest.fixture(scope="module")
def bare(acro_folder: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[tuple[int, str], Any]:
    tmp = tmp_path_factory.mktemp("bare")
    out = {}
    for seed, mitigation in RUNS:
        written, expected = acro_folder(seed, "json", mitigation)
        folder = Path(shutil.copytree(written, tmp / written.name))
        for name in BOOKKEEPING:
            (folder / name).unlink()
        shutil.rmtree(folder / "checksums")
        out[(seed, mitigation)] = (sdc.check(folder, POLICY), expected)
    return out


@pytest.mark.parametrize("run", RUNS, ids=[f"{s}-{m}" for s, m in RUNS])
def test_nothing_acro_flagged_passes_without_its_record(run, bare) -> None:
    result, expected = bare[run]
    status = _status(result)
    judged = 0
    for uid, entry in expected.items():
        for name in entry["files"]:
            ours, theirs = status[(name, None)], entry["status"]
            if theirs != "pass":
                assert ORDER[ours] >= ORDER["review"], (uid, name, entry["summary"])
                judged += 1
    assert judged >= 10


@pytest.mark.parametrize("run", RUNS, ids=[f"{s}-{m}" for s, m in RUNS])
def test_small_counts_of_crosstabs_are_found_without_the_record(run, bare) -> None:
    result, expected = bare[run]
    found = _by_place(result)
    compared = 0
    for uid, entry in expected.items():
        if entry["properties"].get("method") != "crosstab" or \
                not entry["summary"].startswith("FrequencyTable"):
            continue
        (name,) = entry["files"]
        for flag in entry["cells"]:
            if flag["check"] != "MinimumThresholdCheck" or flag["blank"]:
                continue
            hits = [f for f in found.get((name, None, flag["ref"]), [])
                    if f.rule in ("SDC101", "SDC102") and f.status.value == "fail"]
            assert hits, (uid, name, flag["ref"])
            compared += 1
    # with suppression on, ACRO blanks every count it flags (the margins are recomputed)
    assert compared >= (5 if run[1] == "none" else 0)
