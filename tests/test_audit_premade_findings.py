"""SDC501's and SDC502's findings at the audited cells are made under ``-j`` > 1 where each
component is audited (the audit's pool: a worker sends them back with the component's cells),
not after the pool with no other process running (round 41, par41, issue 14 §4;
``suppression._Premade``). The rules still walk their cells in their order under their guards:
the same findings, in the same order, at ``-j 1`` and ``-j 2``; a cell whose finding raises
while being made drops every finding made so (the rules then make them all, raising where
they raised); a release whose means bound the audit makes none beforehand."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy
from sdc.rules import suppression
from tests.test_handbook_examples_means_audit_ranges import RANGED
from tests.test_handbook_examples_means_linked import LINKED_POLICY, linked_release

POLICY = build_policy({})
EXACT = [(f"e{k:02d}.csv", "B2") for k in range(30)]
NARROW = [(f"n{k:02d}.csv", cell) for k in range(30) for cell in ("B2", "C2")]
TOWNS = ["Avon", "Bath", "Cork", "Derby", "Ely", "Fife", "Gower", "Hull", "Ilford", "Jarrow",
         "Kent", "Leeds", "Mold", "Neath", "Oban", "Perth", "Quorn", "Ripon", "Selby", "Truro",
         "Usk", "Vange", "Wells", "Yarm", "Zennor", "Alston", "Bude", "Crewe", "Deal", "Eton"]


def _release(root: Path) -> None:
    """30 tables each with one hidden cell its row's total gives back (SDC501 at B2), and 30
    whose two hidden cells of a line of total 6 are each in [0, 6] (SDC502 at B2 and C2):
    more components than a pool's least (``MIN_ITEMS_FOR_POOL``)."""
    for k in range(30):
        w = TOWNS[k]  # each table its own labels: not linked
        (root / f"e{k:02d}.csv").write_text(
            f"group,West {w},East {w},Total\nUrban {w},[c],{k + 20},{k + 24}\n"
            f"Rural {w},{k + 30},{k + 40},{2 * k + 70}\n")
        (root / f"n{k:02d}.csv").write_text(
            f"band,Young {w},Old {w},Total\nLow {w},[c],[c],6\n"
            f"High {w},{k + 20},{k + 30},{2 * k + 50}\n")


def _checked(root: Path, jobs: int, policy: Any = POLICY) -> tuple[dict, list, dict[str, int]]:
    """The check's JSON, the audits made, and how often SDC501's and SDC502's ``_one`` ran
    (in this process) while those rules' own findings were read."""
    audits: list[suppression._Audit] = []
    calls = {"SDC501": 0, "SDC502": 0}
    reading: list[str] = []
    real_init = suppression._Audit.__init__

    def init(self: suppression._Audit, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        audits.append(self)

    def counted(cls: type, code: str) -> None:
        real_one, real_check = cls._one, cls.check_release

        def one(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            if reading == [code]:
                calls[code] += 1
            return real_one(self, *args, **kwargs)

        def check_release(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            reading.append(code)
            try:
                yield from real_check(self, *args, **kwargs)
            finally:
                reading.remove(code)

        patch.setattr(cls, "_one", one)
        patch.setattr(cls, "check_release", check_release)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression._Audit, "__init__", init)
        counted(suppression.RecoverableSuppression, "SDC501")
        counted(suppression.NarrowSuppression, "SDC502")
        report = sdc.check(root, policy, jobs=jobs).to_dict()
    return report, audits, calls


def _at(report: dict, rule: str) -> list[tuple[str, str]]:
    return [(f["location"]["path"], f["location"]["cell"])
            for output in report["outputs"] for f in output["findings"] if f["rule"] == rule]


def test_the_rules_take_the_findings_made_in_the_pool(tmp_path: Path) -> None:
    _release(tmp_path)
    report, audits, calls = _checked(tmp_path, 2)
    assert _at(report, "SDC501") == EXACT
    assert _at(report, "SDC502") == NARROW
    # main: 30 and 60 calls of ``_one`` here once the audit's pool was done
    assert calls == {"SDC501": 0, "SDC502": 0}
    assert len(audits) == 1 and audits[0].premade is not None
    assert audits[0].premade.whole and audits[0].premade.found == {}  # each given once


def test_a_workers_findings_come_back_with_its_cells(tmp_path: Path) -> None:
    """With no process of SDC503 beside (its rule off) the audit's pool forks a worker for
    the components after the first: the findings it made are the ones the rules give."""
    _release(tmp_path)
    makers = tmp_path.parent / "makers.txt"
    real_make = suppression._Premade.make

    def make(self: suppression._Premade, cells: list[Any]) -> Any:
        with makers.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real_make(self, cells)

    off = build_policy({"rules": {"differencing": {"status": "off"}}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression._Premade, "make", make)
        two, audits, calls = _checked(tmp_path, 2, off)
        one, _, _ = _checked(tmp_path, 1, off)
    pids = makers.read_text().split()
    assert len(pids) == len(audits[0].components) > 32  # each once (-j 1 makes none)
    assert {int(p) for p in pids} - {os.getpid()}  # some made in a worker
    assert calls == {"SDC501": 0, "SDC502": 0}
    assert _at(two, "SDC501") == EXACT and _at(two, "SDC502") == NARROW
    assert two == one


def test_the_same_json_whatever_jobs(tmp_path: Path) -> None:
    """The twin: ``-j 1`` makes none beforehand, the rules make them, as on main."""
    _release(tmp_path)
    one, audits, calls = _checked(tmp_path, 1)
    two, _, _ = _checked(tmp_path, 2)
    assert audits[0].premade is None
    assert calls == {"SDC501": 30, "SDC502": 60}
    assert one == two


def test_a_finding_that_raises_drops_them_all(tmp_path: Path) -> None:
    """SDC502 raises at n07.csv's first hidden cell wherever it is evaluated: SDC602 there
    (``review``), at ``-j 2`` as at ``-j 1``, and no premade finding is taken."""
    _release(tmp_path)
    real_one = suppression.NarrowSuppression._one

    def breaks(self: Any, audited: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if audited.ts.output.path == "n07.csv" and audited.location().cell == "B2":
            raise RuntimeError("broken")
        return real_one(self, audited, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression.NarrowSuppression, "_one", breaks)
        one, _, calls_1 = _checked(tmp_path, 1)
        two, audits, calls = _checked(tmp_path, 2)
    assert two == one
    assert not audits[0].premade.whole and audits[0].premade.found == {}
    # the rules evaluated every cell, as at -j 1: SDC502's batch of 60 up to the cell that
    # raised (15), then again one by one (60)
    assert calls == calls_1 == {"SDC501": 30, "SDC502": 75}
    assert _at(two, "SDC502") == [at for at in NARROW if at != ("n07.csv", "B2")]
    crashed = [(f["location"]["path"], f["status"], f["message"])
               for output in two["outputs"] for f in output["findings"]
               if f["rule"] == "SDC602" and "SDC502" in f["message"]]
    assert crashed == [("n07.csv", "review", "SDC502 could not check this output "
                        "(RuntimeError: broken); a person must check it")]


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_means_in_the_audit_make_none_beforehand(tmp_path: Path, split: bool) -> None:
    """hunt36's release: North's means bound the audit, so SDC502 says so at ``-j 2`` too
    (a finding made beforehand without the means would not)."""
    folder = linked_release(tmp_path / "release", split, seed=RANGED[0], decimals=RANGED[1])
    policy = build_policy(LINKED_POLICY)
    one, _, _ = _checked(folder, 1, policy)
    two, audits, _ = _checked(folder, 2, policy)
    assert audits[0].premade is None
    assert two == one
    found = [f["message"] for output in two["outputs"] for f in output["findings"]
             if f["rule"] == "SDC502"]
    assert found == ["the suppressed count is known to lie in [2, 4], below the threshold "
                     "10 (its audit read the counts the means printed in the release give "
                     "back)"]
