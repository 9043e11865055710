"""pandas' grand margin under two row levels (``All,,``) beside a missing key (round 31).

``pd.crosstab([region, group], sex, margins=True, dropna=False)`` writes a row whose group is
missing with a blank label (``N,,7,9,16``) and its grand margin as ``All,,``: the same blank,
but a pad after ``All``, not a missing group. The count rules' lines paired the ``All,,`` row
with the missing group's rows as if it were their total ("the total 191 is not the sum of its
cells (16)", SDC402 ``review``), and the audit then read the table as contradicting itself
(a table-level SDC402 ``review``) where a hidden cell of the missing group is recoverable
(SDC501 ``fail``). Never a wrong pass, but the wrong finding.

The oracles, computed here: a missing key written blank is a key like any other, so the
table must get exactly the findings of the same table with that key named; a small count is
``0 < n < 10``; a hidden cell is recoverable when the linear program over the table's own
equations (each row's sexes add up to its ``All``, every row of a sex to the ``All,,`` row,
cells >= 0) pins it to one value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.parity.test_acro_mitigation import feasible_intervals

THRESHOLD = 10


def people(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 400
    return pd.DataFrame({"region": rng.choice(["N", "S"], n),
                         "group": rng.choice(["x", "y", None], n, p=[0.45, 0.45, 0.1]),
                         "sex": rng.choice(["F", "M"], n)})


def crosstab_text(seed: int) -> str:
    df = people(seed)
    return pd.crosstab([df.region, df.group], df.sex, margins=True, dropna=False).to_csv()


def named_twin(text: str) -> str:
    """The same table with the missing group named ``z`` (every blank second level of an
    inner row; the ``All,,`` row keeps its pad)."""
    lines = text.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        region, group, rest = line.split(",", 2)
        out.append(f"{region},{group or ('' if region == 'All' else 'z')},{rest}")
    return "\n".join(out) + "\n"


def findings(tmp_path: Path, name: str, text: str) -> set[tuple[str, str | None]]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "t.csv").write_text(text, encoding="utf-8")
    result = sdc.check(folder, build_policy({}))
    return {(f.rule, f.location.cell) for f in result.findings}


def cells_of(text: str) -> dict[str, str]:
    """Spreadsheet reference -> printed value of every count cell (columns C onwards)."""
    found = {}
    for r, line in enumerate(text.splitlines()[1:], start=2):
        for c, value in enumerate(line.split(",")[2:]):
            found[f"{chr(ord('C') + c)}{r}"] = value
    return found


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_a_missing_key_beside_the_grand_margin_is_a_key_like_any_other(
        seed: int, tmp_path: Path) -> None:
    text = crosstab_text(seed)
    assert ",," in text.splitlines()[-1] and any(  # the pad and a missing key, both blank
        line.split(",")[1] == "" for line in text.splitlines()[1:-1])
    got = findings(tmp_path, "blank", text)
    assert got == findings(tmp_path, "named", named_twin(text))
    assert not {f for f in got if f[0] == "SDC402"}
    small = {("SDC101", ref) for ref, value in cells_of(text).items()
             if 0 < int(value) < THRESHOLD}
    assert {f for f in got if f[0] == "SDC101"} == small


def pinned(text: str) -> set[str]:
    """The hidden cells (``[c]``) the table's equations pin to one value: each row's sexes add
    up to its ``All`` column, each sex's inner rows to the ``All,,`` row; cells >= 0 (the
    handbook-parity linear programs, ``feasible_intervals``: its rows are ``region/group``,
    so the pad after ``All`` makes the margin and a missing group's blank does not)."""
    lines = [line.split(",") for line in text.splitlines()]
    header = lines[0]
    cells = [{"row": f"{row[0]}/{row[1]}", "col": header[2 + c],
              "ref": f"{chr(ord('C') + c)}{r}", "blank": value == "[c]",
              "value": None if value == "[c]" else float(value)}
             for r, row in enumerate(lines[1:], start=2) for c, value in enumerate(row[2:])]
    intervals = feasible_intervals(cells)
    assert not any(np.isnan(end) for bounds in intervals.values() for end in bounds)
    return {ref for ref, (lo, hi) in intervals.items() if abs(hi - lo) < 1e-6}


def hide(text: str, refs: set[str]) -> str:
    lines = [line.split(",") for line in text.splitlines()]
    for ref in refs:
        lines[int(ref[1:]) - 1][2 + ord(ref[0]) - ord("C")] = "[c]"
    return "\n".join(",".join(line) for line in lines) + "\n"


@pytest.mark.parametrize("hidden", [{"C4", "E4"}, {"C4", "D4", "C7", "D7"},
                                    {"C2", "C4", "D2", "D4"}])
def test_a_hidden_cell_of_the_missing_key_is_audited_through_the_grand_margin(
        hidden: set[str], tmp_path: Path) -> None:
    text = crosstab_text(1)
    assert text.splitlines()[3].split(",")[1] == ""  # row 4 is N's missing group
    published = hide(text, hidden)
    got = findings(tmp_path, "hidden", published)
    assert {ref for rule, ref in got if rule == "SDC501"} == pinned(published)
    assert not {f for f in got if f[0] == "SDC402"}


def test_the_pinned_oracle_discriminates() -> None:
    text = crosstab_text(1)
    assert pinned(hide(text, {"C4", "E4"})) == {"C4", "E4"}  # 191 less the others' F
    assert pinned(hide(text, {"C4", "D4", "C7", "D7"})) == set()  # a rectangle


def test_the_numpy_grouping_pads_as_the_dictionary_does(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    """Tables of 2,000 count cells or more group their lines with numpy: forced on this small
    table, it gives the dictionary's lines, with ``All,,`` the total of no missing key's."""
    import sdc.table as table_module
    from sdc.readers import read_output
    from sdc.table import Role, _Lines

    path = tmp_path / "t.csv"
    path.write_text(crosstab_text(1), encoding="utf-8")
    table = read_output(path, "t.csv", build_policy({}))[0].table
    assert table is not None
    cells = [c for c in table.cells if c.measure.role is Role.COUNT]
    by_dict = list(_Lines._grouped(table, cells).lines(1))
    monkeypatch.setattr(table_module, "LINES_WITH_NUMPY_FROM", 0)
    by_numpy = list(_Lines.of(table, Role.COUNT).lines(1))

    def named(lines: list) -> list:
        return [(dim, [m.ref for m in members], None if total is None else total.ref)
                for dim, members, total in lines]

    assert named(by_numpy) == named(by_dict)
    grand = {total.ref for _dim, _members, total in by_dict if total is not None
             and total.coords.get("region") == "All"}
    assert grand == {"E8"}  # the All,, row's cells total only its own line (F, M -> All)
