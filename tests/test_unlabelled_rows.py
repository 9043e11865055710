"""Rows of a cross-tabulation with no label column (issue 12). ``a,Total`` over ``x,20``
fails SDC501 (the row margin recomputes the hidden ``x``), and so does ``a,Total`` over
``x,20`` and ``c,30``: each row is a line of its own, told by its line number (``line 2``), so
the audit is given ``x = 20`` and ``c = 30``, not ``x + c = 30`` (the rows read as one line,
which passed until round 15).

A line number names no population another table counts: each label carries a tag of its own
table (``sdc.unlabelled_rows``) and the audit links such a table with no other
(``sdc.linking.link_population``). Round 14's reading (plain ``line 2``) was undone because
it linked every such table of a release with the labelled ones into one audit component and
let SDC503 compare unrelated tables' rows: the tests below hold both apart."""

from __future__ import annotations

import bisect
import itertools
from pathlib import Path

import sdc
from sdc.linking import shared_cells, table_systems
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.unlabelled_rows import table_tag
from tests.conftest import found_with_status as _found


def _check(folder: Path, text: str) -> sdc.RunResult:
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def test_one_hidden_cell_its_row_margin_recomputes_fails(tmp_path: Path) -> None:
    assert _found(_check(tmp_path / "one", "a,Total\nx,20\n")) == {("SDC501", "A2", "fail")}


def test_hidden_cells_their_row_margins_recompute_fail_on_every_row(tmp_path: Path) -> None:
    # was: pass (0 findings): the rows read as one line, x + c = 30
    assert _found(_check(tmp_path / "two", "a,Total\nx,20\nc,30\n")) == {
        ("SDC501", "A2", "fail"), ("SDC501", "A3", "fail")}
    # was: review (SDC103 at the 40 of a line 20 + 40 + 30 = 90, SDC402)
    assert _found(_check(tmp_path / "three", "a,Total\n[c],20\n40,40\n[c],30\n")) == {
        ("SDC501", "A2", "fail"), ("SDC501", "A4", "fail")}


def test_one_hidden_cell_beside_a_published_one(tmp_path: Path) -> None:
    # was: SDC402 review ("the totals cannot be the sums of their cells") and no SDC501
    # round 21 (rows3): two rows of a wide table nest by their numbers (24 less 15 leaves 9)
    assert _found(_check(tmp_path / "t", "a,b,Total\nx,15,20\n16,24,40\n")) == {
        ("SDC103", "B2", "fail"), ("SDC501", "A2", "fail"), ("SDC101", "B2", "review")}


def test_the_rows_are_lines_of_their_own(tmp_path: Path) -> None:
    # was: a false SDC402 (35 "is not the sum of its cells (55)": both rows read as one line)
    found = _found(_check(tmp_path / "t", "a,b,Total\n20,0,20\n30,5,35\n"))
    assert ("SDC402", "C3", "review") not in found
    # round 21 (rows3): the two rows nest by their numbers (5 less 0 leaves 5): SDC101 review
    assert found == {("SDC101", "B3", "fail"), ("SDC102", "B2", "fail"),
                     ("SDC103", "A2", "fail"), ("SDC103", "A3", "fail"),
                     ("SDC103", "B3", "fail"), ("SDC101", "B2", "review")}


def test_safe_twins_pass(tmp_path: Path) -> None:
    # was: review (SDC103/SDC501 from the rows read as one line)
    assert _check(tmp_path / "a", "a,Total\n20,20\n30,30\n").findings == []
    assert _check(tmp_path / "b", "a,b\n20,20\n30,30\n").findings == []
    assert _check(tmp_path / "c", "a,b,Total\n20,25,45\n30,35,65\n").findings == []


def test_the_long_forms_find_each_rows_hidden_cell(tmp_path: Path) -> None:
    # a header naming counts reads the columns as two measures (``n`` and ``Total``), no
    # dimension: was pass (the rows had no line); now as the one-row form, a weak link of
    # each row's n to its own Total (review: nothing says Total is n's margin but its word)
    assert _found(_check(tmp_path / "one", "deaths,All\nx,20\n")) == {("SDC501", "A2", "review")}
    for k, text in enumerate(["n,Total\nx,20\nc,30\n", "deaths,All\nx,20\nc,30\n"]):
        assert _found(_check(tmp_path / f"two{k}", text)) == {
            ("SDC501", "A2", "review"), ("SDC501", "A3", "review")}


def test_the_long_forms_safe_twins_pass(tmp_path: Path) -> None:
    assert _check(tmp_path / "n", "n,Total\n20,20\n30,30\n").findings == []
    assert _check(tmp_path / "d", "deaths,All\n20,20\n30,30\n").findings == []
    # no column headed like a margin: the rows stay as they were (no row dimension)
    path = tmp_path / "t.csv"
    path.write_text("n,m\n20,25\n30,35\n")
    (output,) = read_output(path, path.name, build_policy({}))
    assert output.table is not None and output.table.dimensions == []
    assert not output.table.rows_unlabelled


def test_the_row_coordinate(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,Total\nx,20\nc,30\n")
    (output,) = read_output(path, path.name, build_policy({}))
    table = output.table
    assert table is not None and table.label_columns == []
    assert table.dimensions == ["row", "columns"] and table.row_dimensions == ["row"]
    assert table.rows_unlabelled
    tag = table_tag("t.csv", None, 2, 2)
    assert [dict(c.coords) for c in table.cells] == [
        {"row": f"line 2 ({tag})", "columns": "a"},
        {"row": f"line 2 ({tag})", "columns": "Total"},
        {"row": f"line 3 ({tag})", "columns": "a"},
        {"row": f"line 3 ({tag})", "columns": "Total"}]


def test_the_tag_is_the_tables_own_and_spells_no_word() -> None:
    tags = {table_tag(path, sheet, first, n) for path, sheet, first, n in [
        ("t.csv", None, 2, 2), ("u.csv", None, 2, 2), ("t.xlsx", "A", 2, 2),
        ("t.xlsx", "B", 2, 2), ("t.xlsx", "A", 9, 2), ("t.xlsx", "A", 2, 3)]}
    assert len(tags) == 6  # another file, sheet, first line or length: another tag
    assert table_tag("t.csv", None, 2, 2) == table_tag("t.csv", None, 2, 2)
    # a file named like a total cannot make a row read as one (the name is not in the label)
    assert all(len(t) == 8 and not set(t) & set("aeiouy") for t in tags)


_UNLABELLED = {"u1.csv": "Female,Male,Total\n21,[c],[c]\n[c],30,34\n",
               "u2.csv": "Female,Male,Total\n[c],13,[c]\n40,[c],47\n"}
_LABELLED = {"l1.csv": "region,Female,Male,Total\nNorth,47,12,59\nSouth,30,40,70\n"
                       "Total,77,52,129\n",
             "l2.csv": "age,Female,Male,Total\n0-15,50,[c],58\n16+,27,44,71\n"
                       "Total,77,52,129\n"}


def _links(folder: Path, files: dict[str, str]) -> tuple[set, set]:
    """The pairs of outputs the audit's linking joins, strong and weak."""
    folder.mkdir()
    outputs = []
    for name, text in files.items():
        (folder / name).write_text(text)
        outputs += read_output(folder / name, name, build_policy({}))
    systems = table_systems(outputs, None, compact=True)
    offsets = list(itertools.accumulate((ts.n_vars for ts in systems), initial=0))[:-1]
    strong, weak = shared_cells(systems, offsets)

    def owner(var: int) -> str:
        return systems[bisect.bisect_right(offsets, var) - 1].output.path

    return ({(owner(a), owner(b)) for a, b in strong}, {(owner(a), owner(b)) for a, b in weak})


def test_unlabelled_tables_link_with_no_other_table(tmp_path: Path) -> None:
    # Each unlabelled table sums its Female and Male columns over its rows (keys 'Female',
    # 'Male', unknown: a hidden cell in each) and prints no grand total. Read with plain line
    # numbers (round 14) those sums were weak links to both labelled tables' margins
    # (u1-l1, u1-l2, u2-l1, u2-l2): one component. Now only the labelled tables link.
    strong, weak = _links(tmp_path / "r", {**_UNLABELLED, **_LABELLED})
    assert strong == {("l1.csv", "l2.csv")} and weak == set()
    # two unrelated unlabelled tables of the same header: no link either
    assert _links(tmp_path / "u", _UNLABELLED) == (set(), set())


def test_unlabelled_tables_in_one_release_keep_their_own_findings(tmp_path: Path) -> None:
    # each alone, then together with the labelled tables: the same findings on each
    alone = {}
    for name, text in _UNLABELLED.items():
        folder = tmp_path / name.removesuffix(".csv")
        alone[name] = _found(_check_as(folder, name, text))
    folder = tmp_path / "all"
    folder.mkdir()
    for name, text in {**_UNLABELLED, **_LABELLED}.items():
        (folder / name).write_text(text)
    result = sdc.check(folder, build_policy({}))
    for name, found in alone.items():
        assert {(f.rule, f.location.cell, f.status.value) for f in result.findings
                if f.location.path == name} == found


def _check_as(folder: Path, name: str, text: str) -> sdc.RunResult:
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    return sdc.check(folder, build_policy({}))


# two unrelated tables of bench_scale's generator (year read as counts: no label column)
_YEARS_A = ("year,Female,Male,Total\n2016,21,[c],23\n2017,26,[c],34\n2018,0,16,16\n"
            "2019,0,24,24\n2020,0,[c],[c]\n2021,[c],25,28\n2022,50,39,89\n2023,33,26,59\n"
            "2024,[c],29,38\n2025,[c],[c],[c]\nTotal,147,181,328\n")
_YEARS_B = ("year,Female,Male,Total\n2016,15,[c],24\n2017,[c],13,17\n2018,[c],58,63\n"
            "2019,76,[c],81\n2020,[c],[c],[c]\n2021,50,[c],57\n2022,34,110,144\n"
            "2023,[c],37,45\n2024,[c],0,[c]\n2025,22,[c],29\nTotal,219,250,469\n")


def test_unrelated_unlabelled_tables_are_no_re_run_of_each_other(tmp_path: Path) -> None:
    # with the rows read as one line both tables' keys were 'Female', 'Male' and '' on every
    # row: SDC503 read b.csv as a re-run of a.csv ("2 cell(s) differing by less than 10")
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.csv").write_text(_YEARS_A)
    (folder / "b.csv").write_text(_YEARS_B)
    result = sdc.check(folder, build_policy({}))
    assert [f for f in result.findings if f.rule == "SDC503"] == []
    keys = [{c.labels_key for c in out.table.cells} for out in result.outputs
            if out.table is not None]
    assert len(keys) == 2 and not keys[0] & keys[1]


def _release(tmp_path: Path, a: str, b: str) -> list[tuple[str, str, str, str]]:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(a)
    (folder / "b.csv").write_text(b)
    result = sdc.check(folder, build_policy({}))
    return sorted((f.location.path, f.rule, f.location.cell, f.status.value)
                  for f in result.findings if f.rule in ("SDC501", "SDC502"))


def test_a_column_sum_another_table_prints_gives_the_hidden_cell_away(tmp_path: Path) -> None:
    # x = 35 - 15 through b.csv's Female, used as a constant of a.csv's own system (the
    # tables are not linked); review, as the labelled form's weak link
    assert _release(tmp_path, "Female,Male\nx,20\n15,30\n", "sex,n\nFemale,35\nMale,50\n") \
        == [("a.csv", "SDC501", "A2", "review")]


def test_a_column_sum_that_leaves_the_hidden_cells_a_range_passes(tmp_path: Path) -> None:
    # two hidden cells under Female: x + y = 35 leaves each anywhere in [0, 35]
    assert _release(tmp_path, "Female,Male\nx,20\nx,30\n", "sex,n\nFemale,35\nMale,50\n") \
        == []


def test_a_column_sum_printed_by_no_table_or_hidden_there_gives_nothing(tmp_path: Path) -> None:
    # b hides its Female margin, or counts other labels: no number to use
    assert _release(tmp_path, "Female,Male\nx,20\n15,30\n", "sex,n\nFemale,x\nMale,50\n") \
        == []
    assert _release(tmp_path / "o", "Female,Male\nx,20\n15,30\n",
                    "age,n\nyoung,35\nold,50\n") == []


def test_the_labelled_form_of_that_release_is_review(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.csv").write_text("age,Female,Male\nyoung,x,20\nold,15,30\n")
    (folder / "b.csv").write_text("sex,n\nFemale,35\nMale,50\n")
    result = sdc.check(folder, build_policy({}))
    assert ("SDC501", "B2", "review") in {(f.rule, f.location.cell, f.status.value)
                                          for f in result.findings if f.location.path == "a.csv"}
