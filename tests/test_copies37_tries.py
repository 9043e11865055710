"""A release that saves the same tables in several styles asks the suppression audit's pinned
tries once per distinct question, and explains its exact cells once per distinct matrix
(round 37, copies37; issue 14 §2).

ACRO's sweep 35 seed 35001's output_0 (counts by ethnicity, sex and smoker, no grand total,
nearly all hidden) and output_11 (the same people's crosstab with margins) saved as CSV and XLSX:
the copies' cells are linked, so a number output_11 publishes pinned on output_0.csv's hidden
cell is the same question as pinned on output_0.xlsx's. On main each was asked (23 tries); here
12, and the findings, with every cell they cite, are main's: the audit with every try made and
nothing kept between solves.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.audit import rank, solved_once
from sdc.policy import build_policy
from sdc.rules import equal_tries, suppression

KEYS = list(itertools.product("ABCD", "FM", [False, True]))
G1 = [2, 0, 8, 3, 0, 1, 3, 0, 3, 0, 2, 0, 1, 0, 2, 0]
G2 = [7, 3, 5, 0, 5, 1, 1, 0, 0, 0, 1, 0, 3, 0, 5, 0]


def tables(g1: list[int] = G1) -> dict[str, pd.DataFrame]:
    """output_11 (its All hidden where it is 0, as ACRO masked it) and output_0 (its one
    published count, A/M/False 12, the rest hidden)."""
    index = pd.MultiIndex.from_tuples([*KEYS, ("All", "", "")], names=["eth", "sex", "smoker"])
    total: list[object] = [float(a + b) if a + b else "*" for a, b in zip(g1, G2, strict=True)]
    crosstab = pd.DataFrame({"g1": [*g1, sum(g1)], "g2": [*G2, sum(G2)],
                             "All": [*total, float(sum(g1) + sum(G2))]}, index=index)
    first: list[object] = ["*"] * len(KEYS)
    first[2] = 12.0
    hidden = pd.DataFrame({"0": first, "1": ["*"] * len(KEYS)},
                          index=pd.MultiIndex.from_tuples(KEYS, names=index.names))
    return {"output_11": crosstab, "output_0": hidden}


def write(folder: Path, frames: dict[str, pd.DataFrame], styles: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        for style in styles:
            if style == "csv":
                frame.to_csv(folder / f"{name}.csv")
            else:
                frame.to_excel(folder / f"{name}.xlsx")  # openpyxl
    return folder


def audit_findings(folder: Path) -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
    """Every finding of the audit: rule, file, cell, status, message and the cells it cites."""
    result = sdc.check(folder, build_policy({}, profile="acro"))
    return sorted((f.rule, output.path, f.location.cell or "", f.status.value, f.message,
                   tuple(f"{r.path}!{r.cell}" for r in f.related))
                  for output in result.outputs for f in output.findings
                  if f.rule in ("SDC402", "SDC501", "SDC502"))


@contextlib.contextmanager
def counted() -> Iterator[Counter[str]]:
    """The pinned tries made and the dense factorisations of the derivations' search."""
    counts: Counter[str] = Counter()
    pinned, qr = suppression._pinned_audit, rank._qr_row_space

    def counting_pinned(*args: object, **kwargs: object) -> object:
        counts["tries"] += 1
        return pinned(*args, **kwargs)  # type: ignore[arg-type]

    def counting_qr(at: np.ndarray) -> object:
        counts["factorisations"] += 1
        return qr(at)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression, "_pinned_audit", counting_pinned)
        patch.setattr(rank, "_qr_row_space", counting_qr)
        yield counts


@contextlib.contextmanager
def as_main() -> Iterator[None]:
    """The audit as main makes it: every try made, nothing kept between solves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(equal_tries.SeenTries, "first_time", lambda *_: True)
        patch.setattr(suppression, "solved_once", contextlib.nullcontext, raising=False)
        patch.setattr(solved_once, "solved_once", contextlib.nullcontext)
        yield


def against_main(folder: Path) -> tuple[list, Counter[str], Counter[str]]:
    """The findings (asserted equal to main's way's) and the work both ways."""
    with counted() as work:
        found = audit_findings(folder)
    with as_main(), counted() as main_work:
        assert audit_findings(folder) == found
    return found, work, main_work


E4_CSV = ("the suppressed cell can be recomputed exactly from output_0.csv!D4, "
          "output_11.csv!F4, output_11.xlsx[Sheet1]!F4: it is 1 (through a table linked only "
          "by the labels it shares: if it counts another population, a person may decide "
          "otherwise)")
E4_XLSX = ("the suppressed cell can be recomputed exactly from output_0.csv!D4, "
           "output_0.csv!E4, output_11.csv!F4, output_11.xlsx[Sheet1]!F4: it is 1 (through a "
           "table linked only by the labels it shares: if it counts another population, a "
           "person may decide otherwise)")

E4_NEAR = ("the suppressed cell can be recomputed exactly from output_0.xlsx[Sheet1]!D4, "
           "output_11.csv!F4, output_11.xlsx[Sheet1]!F4: it is 2 (through a table linked only "
           "by the labels it shares: if it counts another population, a person may decide "
           "otherwise)")
D4_HIDDEN = "the suppressed cell can be recomputed exactly from output_0.csv!D4: it is 12"


def test_a_copys_pinned_tries_are_not_asked_again(tmp_path: Path) -> None:
    found, work, main_work = against_main(write(tmp_path / "r", tables(), ("csv", "xlsx")))
    # each copy has its own findings at its own cells: the XLSX's are the CSV's
    by_file = Counter((f[0], f[1]) for f in found)
    assert by_file[("SDC501", "output_0.csv")] == by_file[("SDC501", "output_0.xlsx")] == 11
    assert by_file[("SDC502", "output_0.csv")] == by_file[("SDC502", "output_0.xlsx")] == 20
    assert by_file[("SDC501", "output_11.csv")] == by_file[("SDC501", "output_11.xlsx")] == 5
    assert Counter(f[0] for f in found) == {"SDC501": 32, "SDC502": 40}
    # output_0's hidden A/M/False in column 1 (1: output_11's A/M/False 13 less the
    # published 12) given back through the constants, at the same cell of both copies, each
    # citing what main's try cited for it
    assert [f[1:5] for f in found if f[2] == "E4"] == [
        ("output_0.csv", "E4", "review", E4_CSV), ("output_0.xlsx", "E4", "review", E4_XLSX)]
    # main: 23 tries; here the XLSX copy's questions are not asked again, and the
    # derivations' factorisations are made once per distinct matrix
    assert (work["tries"], main_work["tries"]) == (12, 23)
    assert work["factorisations"] < main_work["factorisations"] / 2


@pytest.mark.parametrize("near", ["one number", "one more hidden cell"])
def test_a_near_copy_asks_its_own_questions(tmp_path: Path, near: str) -> None:
    # output_0.xlsx with its published 12 changed to 11, or hidden too: not a copy of
    # output_0.csv; its tries are made, and its findings are its own (main's)
    folder = write(tmp_path / "r", tables(), ("csv", "xlsx"))
    changed = tables()["output_0"]
    changed.iloc[2, 0] = 11.0 if near == "one number" else "*"
    changed.to_excel(folder / "output_0.xlsx")
    found, work, main_work = against_main(folder)
    copy = [f[1:5] for f in found if f[1] == "output_0.xlsx" and f[2] in ("D4", "E4")]
    if near == "one number":
        # linked to nothing of output_0.csv where they differ: every question its own, as main
        assert (work["tries"], main_work["tries"]) == (23, 23)
        assert copy == [("output_0.xlsx", "E4", "review", E4_NEAR)]
    else:
        # its hidden D4 is linked to the CSV's published 12 (given back, at its own cell):
        # the links make its cells the CSV's, so the pins on them are the CSV's questions
        assert (work["tries"], main_work["tries"]) == (12, 23)
        assert copy == [("output_0.xlsx", "D4", "fail", D4_HIDDEN),
                        ("output_0.xlsx", "E4", "review", E4_XLSX)]


def test_equal_questions_are_the_same_classes_and_numbers() -> None:
    seen = equal_tries.SeenTries()
    links = np.array([[0, 3], [3, 5]], dtype=np.int64)
    fewer = np.array([[0, 3]], dtype=np.int64)
    classes = [seen.classes(6, links)]
    assert seen.first_time(classes, [(0, 9.0, 0.0)])
    assert not seen.first_time(classes, [(5, 9.0, 0.0)])  # linked to 0 through 3
    assert seen.first_time(classes, [(5, 3.0, 0.0)])  # another number
    assert seen.first_time(classes, [(5, 9.0, 0.5)])  # another width
    assert seen.first_time(classes, [(1, 9.0, 0.0)])  # no link: another unknown
    assert seen.first_time([seen.classes(6, fewer)], [(5, 9.0, 0.0)])  # one link fewer
    assert not seen.first_time([seen.classes(6, fewer)], [(5, 9.0, 0.0)])
    assert list(equal_tries.link_classes(6, links)) == [0, 1, 2, 0, 4, 0]
    assert list(equal_tries.link_classes(3, links[:0])) == [0, 1, 2]
