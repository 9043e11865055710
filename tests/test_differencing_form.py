"""SDC503's count indexes read each table from its compact form (``sdc.count_index``,
``sdc.release_form``, issue 14 §3): the same findings, at the same cells, in the same order,
as read from the tables' cells. Random releases whose tables make SDC503 fire (re-runs with a
few more units, one-way tables beside a crosstab's margins, overlapping bands 18-64 beside
18-65, cumulative counts at two dates, rounded tables, unions of named areas, subgroups named
in a file name or declared in request.toml, grand totals a few apart, labels cased otherwise,
tables whose counts share labels), a fixed release where every part fires, and bench_scale's
seeded release: each checked with the forms, with the forms and every cell a finding names
made from them, and with none (``form_of`` giving None: the model is read)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import release_form
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable, TableCells

POLICY = build_policy({})
AREAS = ["North", "South", "East", "West"]
SEXES = ["F", "M"]
BANDINGS = [["18-64", "65+"], ["18-65", "66+"], ["<20", "20-39", "40+"],
            ["<25", "25-39", "40+"]]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _crosstab(counts: list[list[int]], areas: list[str], totals: bool) -> str:
    rows = [["area", *SEXES, *(["Total"] if totals else [])]]
    for area, line in zip(areas, counts, strict=True):
        rows.append([area, *map(str, line), *([str(sum(line))] if totals else [])])
    if totals:
        rows.append(["Total", *(str(sum(col)) for col in zip(*counts, strict=True)),
                     str(sum(map(sum, counts)))])
    return _csv(rows)


@st.composite
def _releases(draw: st.DrawFn) -> list[tuple[str, str]]:
    areas = AREAS[:draw(st.integers(2, 4))]
    base = [[draw(st.integers(0, 60)) for _ in SEXES] for _ in areas]
    files: list[tuple[str, str]] = []
    declared: list[str] = []
    for k in range(draw(st.integers(2, 5))):
        kind = draw(st.sampled_from(["crosstab", "oneway", "rounded", "cumulative", "bands",
                                     "union", "unions", "repeat", "subgroup", "declared"]))
        moved = [[v + (draw(st.integers(-3, 3)) if draw(st.integers(0, 3)) == 0 else 0)
                  for v in line] for line in base]
        moved = [[max(v, 0) for v in line] for line in moved]
        cased = ([a.upper() for a in areas] if draw(st.integers(0, 4)) == 0 else areas)
        if kind == "crosstab":  # the same table again, some cells a few apart
            files.append((f"t{k}_crosstab.csv", _crosstab(moved, cased, draw(st.booleans()))))
        elif kind == "oneway":  # the crosstab's row margins as a table of their own
            rows = [["area", "n"], *([a, str(sum(line))] for a, line in zip(
                cased, moved, strict=True))]
            if draw(st.booleans()):
                rows.append(["Total", str(sum(map(sum, moved)))])
            files.append((f"t{k}_oneway.csv", _csv(rows)))
        elif kind == "rounded":
            rounded = [[5 * round(v / 5) for v in line] for line in moved]
            files.append((f"t{k}_rounded.csv", _crosstab(rounded, areas, True)))
        elif kind == "cumulative":  # cases to date, at two dates
            step = [draw(st.integers(0, 4)) for _ in areas]
            for when, extra in (("jan", [0] * len(areas)), ("feb", step)):
                rows = [["area", "cumulative cases"], *([a, str(sum(line) + e)] for a, line, e
                                                        in zip(areas, base, extra,
                                                               strict=True))]
                files.append((f"t{k}_cases_{when}.csv", _csv(rows)))
        elif kind == "bands":
            bands = draw(st.sampled_from(BANDINGS))
            rows = [["age", "n"], *([b, str(draw(st.integers(0, 40)))] for b in bands)]
            files.append((f"t{k}_bands.csv", _csv(rows)))
        elif kind == "union":
            parts = [draw(st.integers(0, 30)) for _ in range(3)]
            rows = [["district", "n"], ["District A+B", str(parts[0] + parts[1])],
                    ["District A", str(parts[0] + draw(st.integers(0, 4)))],
                    ["District C", str(parts[2])]]
            files.append((f"t{k}_union.csv", _csv(rows)))
        elif kind == "unions":  # a union and its parts per sex (the context's other label)
            rows = [["district", "sex", "n"]]
            for sex in SEXES:
                parts = [draw(st.integers(0, 30)) for _ in range(2)]
                rows += [["District A+B", sex, str(parts[0] + parts[1])],
                         ["District A", sex, str(parts[0] + draw(st.integers(0, 4)))]]
            files.append((f"t{k}_unions.csv", _csv(rows)))
        elif kind == "repeat":  # counts whose labels repeat: rows told apart by no label
            rows = [["time", "n"], *([str(t // 2), str(draw(st.integers(1, 40)))]
                                     for t in range(draw(st.integers(2, 6))))]
            files.append((f"t{k}_repeat.csv", _csv(rows)))
        elif kind == "subgroup":  # the men's counts, named in the file name
            rows = [["area", "n"], *([a, str(line[1])] for a, line in zip(areas, moved,
                                                                            strict=True))]
            files.append((f"t{k}_males.csv", _csv(rows)))
        else:  # the women's counts, declared
            name = f"t{k}_part.csv"
            rows = [["area", "n"], *([a, str(line[0])] for a, line in zip(areas, moved,
                                                                            strict=True))]
            files.append((name, _csv(rows)))
            declared.append(name)
    if declared:
        files.append(("request.toml", "".join(
            f'[[outputs]]\npath = "{name}"\npopulation = {{ sex = "F" }}\n'
            for name in declared)))
    return files


def _checked(root: Path, forms: str, jobs: int = 1) -> dict:
    """The check's result with the forms read (``forms``: "forms"; "made": and every cell a
    finding names made from the form) or not ("none": ``form_of`` gives None)."""
    with pytest.MonkeyPatch.context() as patch:
        if forms == "none":
            patch.setattr(release_form, "form_of", lambda output: None)
        else:  # every table read from a form (a kept one, or one made now)
            patch.setattr(release_form, "form_of", _form_or_fail)
        if forms == "made":
            patch.setattr(TableCells, "cell", _made)
        return sdc.check(root, POLICY, jobs=jobs).to_dict()


def _form_or_fail(output):
    form = ReleaseTable.of(output.table)
    assert form is not None  # these tables are all held by a form: read from it
    return form


def _made(self, i):
    return self.form.cell(i) if self.form is not None else self.cells[i]


def _write(root: Path, files: list[tuple[str, str]]) -> None:
    for name, text in files:
        (root / name).write_text(text)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_releases())
def test_differencing_from_forms_is_differencing_from_cells(tmp_path_factory, files) -> None:
    root = tmp_path_factory.mktemp("release")
    _write(root, files)
    cells = _checked(root, "none")
    assert _checked(root, "forms") == cells
    assert _checked(root, "made") == cells


FIXED = [
    ("a_crosstab.csv", "area,F,M,Total\nNorth,40,38,78\nSouth,30,33,63\nWest,12,15,27\n"
                       "Total,82,86,168\n"),
    ("b_rerun.csv", "area,F,M,Total\nNorth,40,38,78\nSouth,31,33,64\nWest,12,15,27\n"
                    "Total,83,86,169\n"),
    ("c_oneway.csv", "area,n\nnorth,78\nsouth,65\nwest,27\nEast,40\nTotal,210\n"),
    ("d_age.csv", "age,n\n18-64,120\n65+,40\n"),
    ("e_age.csv", "age,n\n18-65,122\n66+,38\n"),
    ("f_cases_jan.csv", "area,cumulative cases\nNorth,50\nSouth,60\nWest,70\nEast,80\n"),
    ("g_cases_feb.csv", "area,cumulative cases\nNorth,52\nSouth,60\nWest,71\nEast,80\n"),
    ("h_males.csv", "area,n\nNorth,36\nSouth,33\nWest,15\n"),
    ("i_all.csv", "area,n\nNorth,38\nSouth,33\nWest,15\n"),
    ("j_union.csv", "district,n\nDistrict A+B,40\nDistrict A,38\nDistrict C,20\n"),
    ("k_total.csv", "sex,n\nF,90\nM,81\nTotal,171\n"),
]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_release_where_every_part_fires_reads_alike(tmp_path: Path, jobs: int) -> None:
    """Re-run, same counts apart, bands, cumulative step, subgroup, union and totals apart
    all found, the same from either reading, at -j 1 and -j 2 (SDC503 then runs beside the
    audit; its indexes computed ahead in workers and sent back as places are
    tests/test_parallel.py's)."""
    _write(tmp_path, FIXED)
    cells = _checked(tmp_path, "none", jobs)
    assert _checked(tmp_path, "forms", jobs) == cells
    assert _checked(tmp_path, "made", jobs) == cells
    found = {(o["path"], f["location"]["cell"], f["message"].split(":")[0][:40])
             for o in cells["outputs"] for f in o["findings"] if f["rule"] == "SDC503"}
    assert {
        ("b_rerun.csv", "B3", "a_crosstab.csv publishes the same counts"),
        ("c_oneway.csv", "B3", "a_crosstab.csv publishes the same counts"),
        ("e_age.csv", "B2", "age [65, 66) = (18-65) − (18-64) = 2, be"),
        ("g_cases_feb.csv", "B2", "the cumulative count rises from 50 in f_"),
        ("h_males.csv", "B2", "the whole population minus this subgroup"),
        ("j_union.csv", "B2", "district district b = District A+B − Dis"),
        ("k_total.csv", "B4", "this table's total 171 and a_crosstab.cs"),
    } <= found, found


def test_bench_scales_seeded_release_reads_alike(tmp_path: Path) -> None:
    from benchmarks.bench_scale import make_small_release

    make_small_release(tmp_path, 60)
    cells = _checked(tmp_path, "none")
    assert _checked(tmp_path, "forms") == cells
    assert _checked(tmp_path, "made") == cells


def test_counts_matched_by_their_words_read_alike(tmp_path: Path) -> None:
    """The handbook's linking example (tests/test_handbook_examples_linking.py): a subgroup's
    count matched to its whole's by the words of its labels and column (B2), and the rest of
    a whole's count less its part less the subgroup (D2, ``_complements``): the same findings
    from the forms as from the cells."""
    from tests.test_handbook_examples_linking import ALL_PERSONS, write_release

    root = tmp_path / "release"
    write_release(root, "males_working_living_area_a.csv", ALL_PERSONS)
    cells = _checked(root, "none")
    assert _checked(root, "forms") == cells
    assert _checked(root, "made") == cells
    found = {(o["path"], f["location"]["cell"]) for o in cells["outputs"]
             for f in o["findings"] if f["rule"] == "SDC503"}
    assert found == {("males_working_living_area_a.csv", "B2"),
                     ("males_working_living_area_a.csv", "D2")}


def _cuttings(root: Path, by_columns: bool) -> list:
    """Every table's cuttings as (dimension, context, its cells in order, bands), read from
    kept forms, with the contexts grouped with numpy or by the loop."""
    from sdc.readers import read_output
    from sdc.rules import differencing

    found = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "CONTEXTS_BY_COLUMNS_FROM", 0 if by_columns else 10**9)
        patch.setattr(release_form, "form_of", _form_or_fail)
        for path in sorted(root.iterdir()):
            for output in read_output(path, path.name, POLICY):
                if output.table is None or ReleaseTable.of(output.table) is None:
                    continue
                found.append([(c.dimension, c.context, list(c.cells.items()),
                               [b.label for b in c.bands])
                              for c in differencing.output_cuttings(output)])
    return found


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_releases())
def test_contexts_grouped_by_columns_are_the_loops(tmp_path_factory, files) -> None:
    """``_FormLabels`` grouping the banded counts with numpy (a long table's, from 2,048
    counts; here from none): the same cuttings, contexts and cells in the same order, as
    the loop over the counts gives, margins and mixed layouts included (which fall back)."""
    root = tmp_path_factory.mktemp("release")
    _write(root, files)
    assert _cuttings(root, True) == _cuttings(root, False)


def test_a_long_banded_tables_contexts_by_columns_are_the_loops(tmp_path: Path) -> None:
    """A long table of two banded dimensions with blank and repeated labels, a label that is
    no band (``Unknown``) and a label given twice in a context (the later count's place
    kept where the first put it): the same cuttings either way, and the check alike."""
    import itertools
    import random

    rng = random.Random(7)
    rows = ["age,year,area,sex,n"]
    for age, year, area, sex in itertools.product(
            ["0-17", "18-64", "65+", "Unknown", "18-24", ""], ["2019", "2020", "2021", ""],
            ["North", "South", "", "East", "West", "north"], ["F", "M", "F "]):
        if rng.random() < 0.95:
            rows.append(f"{age},{year},{area},{sex},{rng.randint(0, 50)}")
    rows.append("18-64,2019,North,F,3")  # one combination twice
    (tmp_path / "long.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "other.csv").write_text("\n".join(rows[:1] + rows[3:]) + "\n")
    by_columns = _cuttings(tmp_path, True)
    assert by_columns == _cuttings(tmp_path, False)
    assert sum(map(len, by_columns)) >= 40


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_releases())
def test_counts_read_as_columns_find_the_same(tmp_path_factory, files) -> None:
    """A long table's count index read from its form's columns with numpy (``known``,
    ``published``, the measures' names, the contexts; from 2,048 counts, here from none):
    the same findings, at the same cells, in the same order, as read count by count."""
    root = tmp_path_factory.mktemp("release")
    _write(root, files)
    by_count = _checked(root, "forms")
    assert _checked_as_columns(root) == by_count


def _checked_as_columns(root: Path) -> dict:
    """``_checked(root, "forms")`` with the count index and the contexts read as columns
    from the first count (their thresholds set to 0)."""
    from sdc import count_index
    from sdc.rules import differencing

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(count_index, "COLUMNS_FROM", 0)
        patch.setattr(differencing, "CONTEXTS_BY_COLUMNS_FROM", 0)
        return _checked(root, "forms")


def test_a_release_where_every_part_fires_reads_alike_as_columns(tmp_path: Path) -> None:
    _write(tmp_path, FIXED)
    by_count = _checked(tmp_path, "forms")
    assert _checked_as_columns(tmp_path) == by_count
    assert sum(f["rule"] == "SDC503" for o in by_count["outputs"] for f in o["findings"]) >= 7


def test_an_index_reads_its_counts_alike_from_columns(tmp_path: Path) -> None:
    """``CountIndex.known`` and ``published`` from the form's columns: blanks, NaN, hidden
    counts with and without a value, zeros and -0.0, in key order, as read count by count."""
    from sdc import count_index
    from sdc.readers import read_output
    from sdc.rules.differencing import _count_index

    values = ["12", "", "NaN", "[c]", "0", "-0", "7.5", "[c]", "40", "3"]
    rows = ["area,sex,n"] + [f"A{k},{'FM'[k % 2]},{v}" for k, v in enumerate(values * 3)]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n")
    [output] = [o for o in read_output(tmp_path / "t.csv", "t.csv", POLICY) if o.table]
    form = _form_or_fail(output)
    form.value[0] = float("nan")  # a published NaN: no known value, yet published
    form.marker[8] = 0  # a hidden count that keeps its value (40): known, not published
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(release_form, "form_of", lambda o: form)
        index = _count_index(output)
        by_count = (index.known(), index.published(), index.names, list(index.at.items()))
        patch.setattr(count_index, "COLUMNS_FROM", 0)
        index = _count_index(output)
        by_columns = (index.known(), index.published(), index.names, list(index.at.items()))
    assert repr(by_columns) == repr(by_count)
    known = dict(by_count[0])
    assert ("A0", "F") not in known and known[("A8", "F")] == 40.0
    assert repr(by_count[1][:2]) == "[nan, 0.0]" and 40.0 not in by_count[1][:6]


def test_tables_of_one_set_of_combinations_skip_the_overlap_pass(tmp_path: Path) -> None:
    """Tables that all hold one set of label combinations are compared as re-runs only:
    ``overlapping_pairs`` (which compares sets that differ) finds nothing among them and is
    not run; a table of another set brings it back. The findings are the pass's own."""
    from sdc.readers import read_output
    from sdc.rules import differencing

    real = differencing.overlapping_pairs
    calls: list[list] = []

    def recorded(indexed, threshold):
        found = real(indexed, threshold)
        calls.append(found)
        return found

    a = "area,F,M\nNorth,40,38\nSouth,30,33\nWest,12,15\nEast,20,21\n"
    b = "area,F,M\nNorth,40,38\nSouth,31,33\nWest,12,15\nEast,20,21\n"
    _write(tmp_path, [("a.csv", a), ("b.csv", b)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "overlapping_pairs", recorded)
        alone = _checked(tmp_path, "forms")
        assert calls == []
        # every pair of one set: what the pass would give them is nothing
        outputs = [o for p in sorted(tmp_path.iterdir())
                   for o in read_output(p, p.name, POLICY) if o.table]
        indexed = [(o, differencing._count_index(o)) for o in outputs]
        assert real(indexed, 10) == []
        _write(tmp_path, [("c.csv", "area,n\nnorth,78\nsouth,64\nwest,27\n")])
        _checked(tmp_path, "forms")
        assert len(calls) == 1
    assert any(f["rule"] == "SDC503" for o in alone["outputs"] for f in o["findings"])
