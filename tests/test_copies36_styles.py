"""A release that saves the same suppressed tables in several styles costs the suppression audit
the distinct tables, not the files (round 36, copies36; issue 14 §2).

ACRO's sweep 35 seed 35001 saved 17 tables in 5 styles: the 85 outputs are one linked component
whose links contradict, so the audit tries each pair of tables again over the whole component,
and every try solved every table's programs: 349 s. Here a crosstab and a table of hidden
counts and means of the same people (two of those 17, their numbers) are written by pandas as
CSV and HTML, and as CSV, HTML and XLSX. The findings are the per-file audit's (the audit with
nothing kept between its solves: ``solved_once`` off), exactly, and the programs' components
solved (``_Component.run``) and the systems solved (``_audit_matrix``) follow the distinct
tables: on main, the two tables in two styles solved 1,958 components and 398 systems, in
three 4,837 and 614 (here 98 and 108 or so in both).
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.audit import solve, solved_once
from sdc.policy import build_policy
from sdc.rules import suppression

KEYS = list(itertools.product([2019, 2020, 2021, 2022], ["East", "North", "South"], ["F", "M"]))
# seed 35001's output_2 (a crosstab by year, area and sex of g1 and g2, margins): its counts
G1 = [0, 1, 2, 5, 0, 1, 0, 1, 0, 1, 1, 1, 2, 3, 0, 0, 0, 1, 0, 1, 2, 2, 0, 1]
G2 = [1, 1, 3, 3, 3, 0, 1, 0, 2, 0, 2, 2, 1, 2, 0, 1, 1, 1, 0, 1, 3, 1, 2, 0]


def tables(g1: list[int] = G1, g2: list[int] = G2, hidden_total: int | None = None
           ) -> dict[str, pd.DataFrame]:
    """The crosstab (``Overall`` hidden where it is 0, as ACRO masked it; ``hidden_total``: one
    more Overall hidden, at that row) and the table of its counts and means, all hidden."""
    index = pd.MultiIndex.from_tuples([*KEYS, ("Overall", "", "")], names=["year", "area", "sex"])
    overall: list[object] = [float(a + b) if a + b else "*" for a, b in zip(g1, g2, strict=True)]
    if hidden_total is not None:
        overall[hidden_total] = "*"
    crosstab = pd.DataFrame({"g1": [*g1, sum(g1)], "g2": [*g2, sum(g2)],
                             "Overall": [*overall, float(sum(g1) + sum(g2))]}, index=index)
    crosstab.columns.name = "grp"
    columns = pd.MultiIndex.from_product([["count", "mean"], ["g1", "g2"]], names=[None, "grp"])
    hidden = pd.DataFrame("*", index=index[:-1], columns=columns)
    return {"crosstab": crosstab, "hidden": hidden}


def write(folder: Path, frames: dict[str, pd.DataFrame], styles: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        for style in styles:
            path = folder / f"{name}.{style}"
            if style == "csv":
                frame.to_csv(path)
            elif style == "html":
                path.write_text(frame.to_html(), encoding="utf-8")
            else:
                frame.to_excel(path)  # openpyxl
    return folder


@contextlib.contextmanager
def counted() -> Iterator[Counter[str]]:
    """The components whose programs are solved and the systems the audit solves, counted."""
    counts: Counter[str] = Counter()
    run, audit_matrix = solve._Component.run, solve._audit_matrix

    def counting_run(self: solve._Component) -> object:
        counts["components"] += 1
        return run(self)

    def counting_audit(*args: object, **kwargs: object) -> object:
        counts["systems"] += 1
        return audit_matrix(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solve._Component, "run", counting_run)
        patch.setattr(solve, "_audit_matrix", counting_audit)
        yield counts


@contextlib.contextmanager
def nothing_kept() -> Iterator[None]:
    """The audit as it was: every component and system solved each time it is met."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression, "solved_once", contextlib.nullcontext, raising=False)
        patch.setattr(solved_once, "solved_once", contextlib.nullcontext)
        yield


def audit_findings(folder: Path) -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
    """Every finding of the audit (SDC402, SDC501, SDC502): rule, file, cell, status, message
    and the cells it cites, in order."""
    result = sdc.check(folder, build_policy({}, profile="acro"))
    return sorted((f.rule, output.path, f.location.cell or "", f.status.value, f.message,
                   tuple(f"{r.path}!{r.cell}" for r in f.related))
                  for output in result.outputs for f in output.findings
                  if f.rule in ("SDC402", "SDC501", "SDC502"))


def exactly_as_per_file(folder: Path) -> tuple[list, Counter[str]]:
    """The audit's findings and work, and the same findings with nothing kept between solves
    (the per-file audit, as main solves): asserted equal."""
    with counted() as counts:
        found = audit_findings(folder)
    with nothing_kept():
        assert audit_findings(folder) == found
    return found, counts


def test_copies_in_more_styles_cost_no_more_programs(tmp_path: Path) -> None:
    # CSV and XLSX read as the same table; HTML prints the year as a row label, not a
    # column: a table of its own
    one, work_one = exactly_as_per_file(write(tmp_path / "a", tables(), ("csv", "html")))
    three, work_three = exactly_as_per_file(write(tmp_path / "b", tables(),
                                                  ("csv", "html", "xlsx")))
    # the XLSX copies have the CSV's findings, each at its own file and cells (the messages
    # of SDC402 name the other files: the XLSX among them)
    assert [(r, p.replace(".xlsx", ".csv"), c, st) for r, p, c, st, *_ in three
            if p.endswith(".xlsx")] == [f[:4] for f in three if f[1].endswith(".csv")]
    assert {f[:4] for f in three if ".xlsx" not in f[1]} == {f[:4] for f in one}
    assert [f[:4] for f in three if f[1] == "crosstab.xlsx" and f[0] == "SDC501"] == [
        ("SDC501", "crosstab.xlsx", "F20", "fail")]
    assert Counter(f[0] for f in three) == {"SDC402": 16, "SDC501": 148}
    # main solved 1,958 components and 398 systems for the CSV and HTML alone (4,837 and 614
    # with the XLSX too): here the copies add no component, and a system at most
    assert work_three["components"] == work_one["components"] <= 100
    assert work_three["systems"] <= work_one["systems"] + 2 <= 112


F16 = ("the suppressed cell can be recomputed exactly from crosstab.csv!F10, "
       "crosstab.xlsx[Sheet1]!F10: it is 2 (through a table linked only by the labels it "
       "shares: if it counts another population, a person may decide otherwise)")
F20 = ("the suppressed cell can be recomputed exactly from crosstab.xlsx[Sheet1]!A2, "
       "crosstab.xlsx[Sheet1]!D2, crosstab.xlsx[Sheet1]!E2, crosstab.xlsx[Sheet1]!A8, "
       "crosstab.xlsx[Sheet1]!D8, crosstab.xlsx[Sheet1]!E8: it is 8087")
F5 = ("the suppressed cell can be recomputed exactly from crosstab.csv!F11, crosstab.csv!F17, "
      "crosstab.xlsx[Sheet1]!F11, crosstab.xlsx[Sheet1]!F17: it is 1 (through a table linked "
      "only by the labels it shares: if it counts another population, a person may decide "
      "otherwise)")
NEAR_NUMBER = [("SDC501", "crosstab.xlsx", "F16", "review", F16),
               ("SDC501", "crosstab.xlsx", "F20", "fail", F20)]
NEAR_HIDDEN = [*NEAR_NUMBER, ("SDC501", "crosstab.xlsx", "F5", "review", F5)]


@pytest.mark.parametrize("near", ["one number", "one more hidden cell"])
def test_a_near_copy_is_audited_as_its_own_table(tmp_path: Path, near: str) -> None:
    changed = tables(g1=[G1[0], 2, *G1[2:]]) if near == "one number" else tables(
        hidden_total=3)
    folder = tmp_path / "release"
    write(folder, tables(), ("csv",))
    changed["crosstab"].to_excel(folder / "crosstab.xlsx")
    found, _ = exactly_as_per_file(folder)
    copy = [f[:5] for f in found if f[1] == "crosstab.xlsx" and f[0] == "SDC501"]
    if near == "one number":  # (2019, East, M) is 2 and 1 there: its findings, from its cells
        assert copy == NEAR_NUMBER
    else:  # its Overall of (2019, East, M) hidden too: given back, found at its own cell
        assert copy == NEAR_HIDDEN
