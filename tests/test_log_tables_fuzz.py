"""Tables in statistics package logs, generated as Stata and R print them (issue 11 §1): one
small count placed anywhere in a random ``tabulate``, ``table()`` or ``xtabs`` never ends in
``pass``, whatever the variables' categories (words, codes 0/1 or 1..5, years, bands), and a
safe table of the same shapes is read, not left for review.

Seeded, not timed: the tables are written from their counts in the layouts Stata and R use
(right-aligned numbers under their labels, Stata's ``---+---`` rules, R's variable names over a
two-way table)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
VARIABLES = {"ward": ["A", "B", "C", "D"], "region": ["North", "South", "East", "London"],
             "sex": ["F", "M"], "ageband": ["0-17", "18-64", "65+"],
             "imd": ["1", "2", "3", "4", "5"], "yr": ["2019", "2020", "2021", "2022"],
             "outcome": ["0", "1"], "diabetes": ["No", "Yes"]}


def _counts(rng: random.Random, rows: int, cols: int, small: tuple[int, int] | None
            ) -> list[list[int]]:
    # 40..60 each: no line where one category holds 90% (group disclosure is another rule)
    cells = [[rng.randint(40, 60) for _ in range(cols)] for _ in range(rows)]
    if small is not None:
        cells[small[0]][small[1]] = rng.randint(1, 9)
    return cells


def _stata_two_way(rv: str, cv: str, cells: list[list[int]]) -> list[str]:
    rows, cols = VARIABLES[rv][:len(cells)], VARIABLES[cv][:len(cells[0])]
    width = 11 * len(cols)
    rule = "-" * 12 + "+" + "-" * (width + 1) + "+----------"
    lines = [f". tabulate {rv} {cv}", "", f"{'':>11} | {cv:>{width}}",
             f"{rv:>11} | " + "".join(f"{c:>11}" for c in cols) + " |      Total", rule]
    for label, row in zip(rows, cells, strict=True):
        lines.append(f"{label:>11} | " + "".join(f"{x:>11}" for x in row) + f" | {sum(row):>10}")
    totals = [sum(col) for col in zip(*cells, strict=True)]
    lines += [rule, f"{'Total':>11} | " + "".join(f"{x:>11}" for x in totals)
              + f" | {sum(totals):>10}"]
    return lines


def _r_table(var: str, cells: list[list[int]]) -> list[str]:
    labels, counts = VARIABLES[var][:len(cells[0])], cells[0]
    width = max(len(x) for x in [*labels, *map(str, counts)]) + 1
    return [f"> table(df${var})", "", "".join(f"{x:>{width}}" for x in labels),
            "".join(f"{x:>{width}}" for x in counts)]


def _r_xtabs(rv: str, cv: str, cells: list[list[int]]) -> list[str]:
    rows, cols = VARIABLES[rv][:len(cells)], VARIABLES[cv][:len(cells[0])]
    label_width = max(len(rv), 2 + max(len(r) for r in rows))
    width = max(len(x) for x in [*cols, *(str(v) for row in cells for v in row)]) + 1
    lines = [f"> xtabs(~ {rv} + {cv}, data = df)", " " * (label_width + 1) + cv,
             f"{rv:<{label_width}}" + "".join(f"{c:>{width}}" for c in cols)]
    for label, row in zip(rows, cells, strict=True):
        lines.append(f"  {label:<{label_width - 2}}" + "".join(f"{x:>{width}}" for x in row))
    return lines


def _log(rng: random.Random, small: bool) -> str:
    kind = rng.choice(["stata", "table", "xtabs"])
    rv, cv = rng.sample(sorted(VARIABLES), 2)
    rows, cols = (1, len(VARIABLES[rv])) if kind == "table" else (
        len(VARIABLES[rv]), len(VARIABLES[cv]))
    where = (rng.randrange(rows), rng.randrange(cols)) if small else None
    cells = _counts(rng, rows, cols, where)
    lines = (_stata_two_way(rv, cv, cells) if kind == "stata" else
             _r_table(rv, cells) if kind == "table" else _r_xtabs(rv, cv, cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_a_small_count_in_a_log_table_never_passes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(15):
        path = tmp_path / f"out{i}.log"
        path.write_text(_log(rng, small=True), encoding="utf-8")
        result = sdc.check(path, POLICY)
        statuses = {o.status.value for o in result.outputs}
        assert statuses - {"pass"}, path.read_text()
        assert any(f.rule == "SDC101" for f in result.findings), path.read_text()


@pytest.mark.parametrize("seed", range(2))
def test_a_safe_log_table_is_read_and_passes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(100 + seed)
    for i in range(15):
        path = tmp_path / f"out{i}.log"
        path.write_text(_log(rng, small=False), encoding="utf-8")
        result = sdc.check(path, POLICY)
        assert [(f.rule, f.message) for f in result.findings] == [], path.read_text()
