"""A table whose rows have no label column links with no other table (``link_population``),
but another table's published margin under one of its column's keys is a published number:
the audit uses it as a constant of that table's own system (``sdc.linking.published_constants``,
``sdc.rules.suppression._through_constants``). Oracle: the table's labelled form (each row
given a label), which the audit links weakly with the margin's table; every SDC501/SDC502
finding of the labelled form is found on the unlabelled one (issue 12, the open wrong pass
of round 15)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
import sdc.linking as linking
from sdc.linking import published_constants, table_systems
from sdc.policy import build_policy
from sdc.readers import read_output

LABELS = ["Female", "Male", "Other"]


@st.composite
def releases(draw: st.DrawFn) -> tuple[list[list[str]], str]:
    """An unlabelled table (columns of LABELS, maybe a Total column; small counts, some
    hidden) and a labelled table of margins: each the column's true sum, another number, or
    hidden."""
    n_cols = draw(st.integers(1, 3))
    n_rows = draw(st.integers(1, 3))
    total = draw(st.booleans())
    values = [[draw(st.integers(0, 40)) for _ in range(n_cols)] for _ in range(n_rows)]
    rows = [[*LABELS[:n_cols], *(["Total"] if total else [])]]
    for row in values:
        cells = [*map(str, row), *([str(sum(row))] if total else [])]
        rows.append([("[c]" if draw(st.integers(0, 3)) == 0 else c) for c in cells])
    margins = ["sex,n"]
    for j in range(n_cols):
        true = sum(row[j] for row in values)
        margins.append(f"{LABELS[j]},"
                       + draw(st.sampled_from([str(true), str(true + draw(st.integers(1, 9))),
                                               "[c]", str(true)])))
    return rows, "\n".join(margins) + "\n"


def _findings(folder: Path, a: str, b: str, shift: int) -> set[tuple[str, str]]:
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(a)
    (folder / "b.csv").write_text(b)
    result = sdc.check(folder, build_policy({}))
    found = set()
    for f in result.findings:
        if f.location.path == "a.csv" and f.rule == "SDC602":  # not audited: review whole
            found.add(("SDC602", "*"))
        elif f.location.path == "a.csv" and f.rule in ("SDC501", "SDC502"):
            col = f.location.cell.rstrip(string.digits)
            row = f.location.cell[len(col):]
            found.add((f.rule, chr(ord(col) - shift) + row))
    return found


_counter = iter(range(10**9))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_the_unlabelled_form_finds_what_its_labelled_form_finds(
        tmp_path_factory, release: tuple[list[list[str]], str]) -> None:
    rows, margins = release
    root = tmp_path_factory.mktemp(f"c{next(_counter)}")
    unlabelled = "\n".join(",".join(r) for r in rows) + "\n"
    labelled = "\n".join(",".join([("age" if i == 0 else f"g{i}"), *r])
                         for i, r in enumerate(rows)) + "\n"
    plain = _findings(root / "u", unlabelled, margins, 0)
    assert _covered(_findings(root / "l", labelled, margins, 1), plain)


def _covered(labelled: set[tuple[str, str]], plain: set[tuple[str, str]]) -> bool:
    """Each finding of the labelled form found at that cell, or an exact one (SDC501) where
    it found a narrow one (SDC502); or the unlabelled table not read as counts (SDC602,
    the whole output to review: no cell of it can pass)."""
    return ("SDC602", "*") in plain or all((rule, cell) in plain or ("SDC501", cell) in plain
                                           for rule, cell in labelled)


# a table's keys looked up in a set up to ``linking._FEW_IDS``, by ``np.isin`` past it (the
# default, 256, and 1: the set; 0: ``np.isin``): the same constants either way
@pytest.mark.parametrize("few", [0, 1, 256])
def test_constants_are_the_margins_of_the_declared_population_only(
        tmp_path: Path, few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # a.csv's Female sum (unknown: x hidden) is printed by b.csv (35) and c.csv (36); d.csv
    # hides its Female, and the labelled tables' own keys give a.csv no constant
    files = {"a.csv": "Female,Male\nx,20\n15,30\n", "b.csv": "sex,n\nFemale,35\nMale,50\n",
             "c.csv": "sex,n\nFemale,36\nMale,[c]\n", "d.csv": "sex,n\nFemale,[c]\nMale,50\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    outputs = [o for f in sorted(tmp_path.glob("*.csv"))
               for o in read_output(f, f.name, build_policy({}))]
    systems = table_systems(outputs, None, compact=True)
    names = [ts.output.path for ts in systems]
    monkeypatch.setattr(linking, "_FEW_IDS", few)
    got = published_constants(systems)
    a = names.index("a.csv")
    assert set(got) == {a}
    # one unknown (the Female sum; a.csv's Male sum is 50, published): b's 35 and c's 36
    [(_var, published)] = got[a]
    assert [(value, names[source]) for value, source, _ in published] == [(35.0, "b.csv"),
                                                                       (36.0, "c.csv")]
