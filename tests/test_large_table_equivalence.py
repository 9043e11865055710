"""The large-table fast paths read and find exactly what the plain code did, on generated
tables of a few thousand rows (issue 12 channel 12, issue 14 §3).

Structural, not timed: each table is read and checked twice, once as shipped and once with
every fast path swapped for the straightforward code it replaced (below, as it was); the
tables' cells (place, measure, role, coordinates, margins) and the findings (rule, status,
cell, message) must be equal. Finding-free runs would prove little, so each table is chosen
to give findings of several rules.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from pathlib import Path

import pytest

import sdc
from sdc import cell_roles, derived_counts
from sdc.derived_counts import ImpliedCount, _fmt, parse_n_percent, printed_base_numbers
from sdc.policy import build_policy
from sdc.readers import layout, read_output
from sdc.rules import content
from sdc.table import Role, Table
from tests.test_columnar_equivalence import _key_columns_plain
from tests.test_layout_columns import _content_plain

POLICY = build_policy({})


def _long_table(path: Path, rows: int) -> None:
    """A tidy count table: five label columns, ``[c]`` below 10, some small counts shown."""
    rng = random.Random(7)
    lines = ["region (n=1200),age,year,sex,imd,n"]
    for combo in itertools.islice(itertools.product(
            ["North", "South", "East", "West", "Midlands"], ["0-17", "18-44", "45-64", "65+"],
            [str(y) for y in range(2016, 2026)], ["Female", "Male"], ["1", "2", "3", "4", "5"]),
            rows):
        v = int(rng.expovariate(1 / 40))
        shown = "[c]" if 0 < v < 10 and rng.random() < 0.9 else str(v)
        lines.append(",".join(combo) + "," + shown)
    path.write_text("\n".join(lines) + "\n")


def _row_level(path: Path, rows: int) -> None:
    """Records: an id, a date, a code, a number and a measurement per row."""
    rng = random.Random(11)
    lines = ["patient_id,admitted,sex,age,los"]
    for i in range(rows):
        lines.append(f"{100000 + i},2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                     f"{rng.choice('FM')},{rng.randint(0, 99)},{rng.randint(1, 300) / 10}")
    path.write_text("\n".join(lines) + "\n")


def _wide_shares(path: Path, rows: int) -> None:
    """A wide table of ``n (%)`` strings and counts with a total column."""
    rng = random.Random(5)
    lines = ["Table 2: outcomes (%),Died,Survived,Total"]
    for i in range(rows):
        died, lived = rng.randint(0, 40), rng.randint(5, 400)
        pct = 100 * died / (died + lived)
        lines.append(f"Practice {i},{died} ({pct:.1f}%),{lived},{died + lived}")
    path.write_text("\n".join(lines) + "\n")


# --- the plain code each fast path replaced ---------------------------------------------------

def _nonempty_plain(row):
    return [c for c in row if c.kind != "empty"]


def _n_percent_strings_plain(table: Table) -> list[ImpliedCount]:
    percent_context = "%" in " ".join([*table.title, *table.column_headers.values()])
    found = []
    for row in table.grid:
        for cell in row:
            if cell.kind != "text":
                continue
            parsed = parse_n_percent(cell.raw, percent_context
                                     or "%" in table.column_headers.get(cell.col, ""))
            if parsed is None:
                continue
            count, base, pct = parsed
            found.append(ImpliedCount(
                cell=cell, count=count, base=base, share=pct / 100, split=False,
                how=f"'{cell.raw.strip()}' publishes the count {_fmt(count)}"
                    + (f" of {_fmt(base)}" if base is not None else ""),
                public="an 'n (%)' cell publishes a count"))
    return found


def _printed_bases_plain(table: Table) -> list[ImpliedCount]:
    found: list[ImpliedCount] = []
    data_rows = set(table.data_rows)
    label_cols = set(table.label_columns)
    measure_cells = {id(c.source) for c in table.cells}
    for row in table.grid:
        for cell in row:
            if id(cell) in measure_cells or (cell.row in data_rows
                                             and cell.col not in label_cols):
                continue
            for n in printed_base_numbers(cell.raw):
                where = ("label" if cell.row in data_rows else
                         "header" if cell.row in table.header_rows else "title")
                found.append(ImpliedCount(
                    cell=cell, count=n, base=None, share=None, split=False,
                    how=f"the base n={_fmt(n)} printed in a {where}",
                    public=f"a base (n=...) printed in a {where}"))
    return found


def _any_printed_base_plain(table: Table) -> bool:
    texts = {*table.column_headers.values(), *(m.name for m in table.measures)}
    texts.update(label for cell in table.cells for label in cell.coords.values())
    return any(derived_counts._base_in(text) is not None for text in texts)


def _is_thin_statistic_plain(table, cell) -> bool:
    role = cell_roles.effective_role(table, cell)
    if role not in (Role.STATISTIC, Role.PERCENT):
        return False
    if cell_roles.label_dimension(table, cell) is not None:
        return True
    from sdc.readers.roles import role_from_text

    return not (role_from_text(cell.measure.name) is Role.COUNT
                or cell_roles._is_weighted_count(cell))


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fast path back to the code it replaced."""
    find_header = layout._find_header
    monkeypatch.setattr(layout, "_find_header", lambda rows, cols, regular=False: replace(
        find_header(rows, cols), numeric_below_first=None))  # a dict per row (row_maps)
    monkeypatch.setattr(layout, "row_maps", lambda rows, regular: [
        {c.col: c for c in row} for row in rows])
    monkeypatch.setattr(layout, "_content", _content_plain)
    monkeypatch.setattr(layout, "_numeric_key_columns", _key_columns_plain)
    monkeypatch.setattr(layout, "_nonempty", _nonempty_plain)
    monkeypatch.setattr(derived_counts, "_n_percent_strings", _n_percent_strings_plain)
    monkeypatch.setattr(derived_counts, "_printed_bases", _printed_bases_plain)
    monkeypatch.setattr(derived_counts, "_any_printed_base", _any_printed_base_plain)
    monkeypatch.setattr(content, "individual_rows", content._individual_rows)
    from sdc.rules import counts, magnitude, statistics

    monkeypatch.setattr(magnitude, "individual_rows", content._individual_rows)
    for module in (cell_roles, counts, statistics):
        if hasattr(module, "is_thin_statistic"):
            monkeypatch.setattr(module, "is_thin_statistic", _is_thin_statistic_plain)


def _shape(path: Path) -> list[tuple]:
    table = read_output(path, path.name, POLICY)[0].table
    assert table is not None
    return [(c.ref, c.measure.name, c.measure.role, tuple(c.coords.items()),
             tuple(sorted(c.total_dims))) for c in table.cells]


def _findings(path: Path) -> list[tuple]:
    return [(f.rule, f.status.value, f.location.cell, f.message)
            for f in sdc.check(str(path), POLICY).findings]


@pytest.mark.parametrize(("make", "rows", "rules"), [
    (_long_table, 2000, {"SDC101", "SDC103"}),
    (_row_level, 1500, {"SDC602", "SDC603", "SDC604"}),
    (_wide_shares, 400, {"SDC101"}),
])
def test_large_tables_read_and_check_as_the_plain_code_did(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, rows: int,
        rules: set[str]) -> None:
    path = tmp_path / "t.csv"
    make(path, rows)
    with monkeypatch.context() as numpy_codes:  # the key columns' row codes as numpy arrays
        numpy_codes.setattr(layout, "KEY_CODES_WITH_NUMPY_FROM", 100)
        fast_shape, fast = _shape(path), _findings(path)
    assert rules <= {rule for rule, *_ in fast}  # the tables are not finding-free
    assert len(fast_shape) >= rows
    with monkeypatch.context() as patched:
        _plain(patched)
        assert _shape(path) == fast_shape
        assert _findings(path) == fast
