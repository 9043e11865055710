"""The suppression audit's shortcut for the release's only count table when its lines print no
total (issue 14 §3): its unpublished line totals are left out when they are provably free
(``sdc.linking._free_virtual_totals``), and the audit must find exactly what it found with
them. Each check runs twice, once as shipped and once with the shortcut refused, and the
audited intervals and the findings must be equal; the cases where a line total is *not* free
(two lines keyed alike, a negative count) must keep their findings."""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import linking
from sdc.linking import _free_virtual_totals, table_systems
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.rules.suppression import _Audit

POLICY = build_policy({})
# labels that repeat across dimensions, differ only in case or spaces, read as totals, bands
LABELS = ["x", "y", "X", " y", "1", "2", "0-17", "18+", "Total", "North", "All", ""]
VALUES = ["0", "3", "12", "40", "55", "[c]", "[c]", "-4", "x", "100"]


@st.composite
def long_tables(draw: st.DrawFn) -> str:
    """Long count tables of one to three label columns, some lines complete, some not."""
    width = draw(st.integers(1, 3))
    vocab = [draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
             for _ in range(width)]
    rows = [[f"d{k}" for k in range(width)] + ["n"]]
    combos = list(itertools.product(*vocab))
    keep = draw(st.lists(st.booleans(), min_size=len(combos), max_size=len(combos)))
    for combo, kept in zip(combos, keep, strict=True):
        if kept or draw(st.booleans()):
            rows.append([*combo, draw(st.sampled_from(VALUES))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _audited(outputs: list) -> list:
    audit = _Audit(outputs, POLICY.shared.rounding_base, list(POLICY.total_labels))
    return [(c.ts.output.path, c.cell.ref, c.interval.lo, c.interval.hi, c.interval.exact,
             c.interval.derivation, [str(r) for r in c.related], c.weak) for c in audit.cells] + [
        ("failed", ts.output.path, reason) for ts, reason in audit.failed] + [
        ("infeasible", ts.output.path) for ts in audit.infeasible] + [
        ("crashed", detail) for _, detail in audit.crashed.values()]


def _findings(path: Path) -> list:
    return [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
            for f in sdc.check(path, POLICY).findings]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, read) -> tuple:
    shipped = (_audited(read()), _findings(path))
    with monkeypatch.context() as m:
        m.setattr(linking, "_free_virtual_totals", lambda *a: False)
        plain = (_audited(read()), _findings(path))
    return shipped, plain


@settings(max_examples=75, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=long_tables(), two=st.booleans())
def test_the_shortcut_finds_what_the_free_totals_found(text: str, two: bool,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Alone (the shortcut may apply) or beside a second count table (it never does)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "t.csv").write_text(text, encoding="utf-8")
        if two:
            (root / "u.csv").write_text("d0,n\nx,40\ny,[c]\nTotal,45\n", encoding="utf-8")
        path = root if two else root / "t.csv"

        def read() -> list:
            return [o for f in sorted(root.glob("*.csv"))
                    for o in read_output(f, f.name, POLICY)]

        shipped, plain = _both(path, monkeypatch, read)
    assert shipped == plain


def _long(path: Path, header: str, rows: list[str]) -> list:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_output(path, path.name, POLICY)


def test_a_plain_long_table_takes_the_shortcut(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Distinct labels per dimension, no total, no negative: no equation is built, and the
    audit and the findings are those of the full system (which has a free total per line)."""
    rows = [f"{r},{a},{v}" for (r, a), v in zip(
        itertools.product(["North", "South", "East"], ["0-17", "18-64", "65+"]),
        ["12", "[c]", "40", "0", "33", "[c]", "51", "19", "7"], strict=True)]
    path = tmp_path / "t.csv"
    outputs = _long(path, "region,age,n", rows)
    table = outputs[0].table
    cells = [c for c in table.cells if c.measure is table.measures[0]]
    assert _free_virtual_totals(table, cells, frozenset())
    [fast] = table_systems(outputs, None)
    assert fast.equation_cells == [] and fast.keys == [] and fast.n_vars == len(cells)
    with monkeypatch.context() as m:
        m.setattr(linking, "_free_virtual_totals", lambda *a: False)
        [full] = table_systems(outputs, None)
    assert len(full.equation_cells) == 6 and full.n_vars == len(cells) + 6
    shipped, plain = _both(path, monkeypatch, lambda: read_output(path, "t.csv", POLICY))
    assert shipped == plain
    assert [(c[1], c[2], c[3]) for c in shipped[0]] == [("C3", 0.0, float("inf")),
                                                       ("C7", 0.0, float("inf"))]


@pytest.mark.parametrize(("name", "rows"), [
    ("shared labels", ["x,x,30", "x,y,[c]", "y,x,50", "y,y,40"]),  # two lines keyed {x}
    ("case", ["a,p,30", "a,q,[c]", "A,p,50", "A,q,40"]),  # a and A: one folded label
    ("negative", ["x,p,-30", "x,q,[c]", "y,p,50", "y,q,40"]),  # -30 + [c] >= 0
])
def test_totals_that_are_not_free_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           name: str, rows: list[str]) -> None:
    """A line total another line shares, or over a negative count, constrains the hidden
    cell: the shortcut is refused and the audit keeps its finding."""
    path = tmp_path / "t.csv"
    outputs = _long(path, "from,to,n", rows)
    table = outputs[0].table
    cells = [c for c in table.cells if c.measure is table.measures[0]]
    assert not _free_virtual_totals(table, cells, frozenset())
    shipped, plain = _both(path, monkeypatch, lambda: read_output(path, "t.csv", POLICY))
    assert shipped == plain
    if name == "shared labels":  # 30 + [c] = 30 + 50: the lines' shared total gives it away
        assert [(f[0], f[3]) for f in shipped[1] if f[0] == "SDC501"] == [("SDC501", "C3")]


def _grid_rows(values: list[str]) -> list[str]:
    return [f"{r},{a},{v}" for (r, a), v in zip(
        itertools.product(["North", "South", "East"], ["0-17", "18-64", "65+"]), values,
        strict=True)]


@pytest.mark.parametrize(("second", "linked"), [
    (["21", "8", "44", "2", "30", "15", "50", "17", "9"], False),  # other numbers: no link
    (["12", "8", "40", "0", "33", "15", "51", "19", "7"], True),  # the same count: linked
])
def test_tables_alone_in_their_component_skip_their_free_totals(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: list[str], linked: bool
        ) -> None:
    """Two count tables of the same labels: each is built with its free line totals (a total
    published elsewhere could link to them); when no link joins them each is audited without
    those equations (``free_totals``), and when one does (the second table publishes the
    first one's hidden 8 and 15 and agrees on its other cells) the full system recovers them."""
    first = ["12", "[c]", "40", "0", "33", "[c]", "51", "19", "7"]
    _long(tmp_path / "a.csv", "region,age,n", _grid_rows(first))
    _long(tmp_path / "b.csv", "region,age,n", _grid_rows(second))

    def read() -> list:
        return [o for f in sorted(tmp_path.glob("*.csv")) for o in read_output(f, f.name, POLICY)]

    systems = table_systems(read(), None)
    assert [ts.free_totals for ts in systems] == [True, True]
    assert all(len(ts.equation_cells) == 6 for ts in systems)
    shipped, plain = _both(tmp_path, monkeypatch, read)
    assert shipped == plain
    recovered = [(f[2], f[3]) for f in shipped[1] if f[0] == "SDC501"]
    assert recovered == ([("a.csv", "C3"), ("a.csv", "C7")] if linked else [])


@pytest.mark.parametrize("odd", ["", "-3", "0.5", "[c]"])
def test_a_long_tables_rows_are_read_as_columns_alike(tmp_path: Path, odd: str) -> None:
    """The rows of a long table's ``LabelColumns`` store (from 2,048) are tested a column at
    a time (``_free_cells_by_columns``): the same answer as cell by cell, with one value
    negative, one not whole, one hidden, or none odd."""
    from sdc.coords import RowCoords

    rows = ["a,b,c,n"]
    for k, (a, b, c) in enumerate(itertools.product(range(32), range(32), ["F", "M", "U"])):
        rows.append(f"a{a},b{b},{c},{odd if k == 1500 and odd else (k * 7) % 50}")
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n")
    [output] = [o for o in read_output(tmp_path / "t.csv", "t.csv", POLICY) if o.table]
    table = output.table
    cells = list(table.cells)
    assert len(cells) >= 2_048 and {type(c.coords) for c in cells} == {RowCoords}
    found = []
    for start in (0, 10**9):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(linking, "FREE_BY_COLUMNS_FROM", start)
            found.append(_free_virtual_totals(table, cells, frozenset()))
    assert found[0] == found[1] == (odd != "-3")
