"""Geographic differencing of areas named as unions of names (ESSnet *Handbook on SDC*, ch. 5.2,
differencing of overlapping areas): ``Districts A+B`` in one table and ``District A`` in
another give district B away as their difference. Names are read as sets
(``sdc.named_unions``), compared only with the same units' names in the same context; the
expected count is computed here from the published counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.named_unions import NamedSet, parse_named_set, parse_whole_names
from sdc.policy import build_policy

THRESHOLD = 10  # the default policy's


def write(folder: Path, tables: dict[str, list[tuple[str, int | str]]], header: str = "area"
          ) -> None:
    folder.mkdir()
    for name, rows in tables.items():
        text = "".join(f"{quoted(label)},{n}\n" for label, n in rows)
        (folder / name).write_text(f"{header},patients\n{text}", encoding="utf-8")


def quoted(label: str) -> str:
    return f'"{label}"' if "," in label else label


def sdc503(folder: Path) -> list[tuple[str, str | None, str, str, list[str | None]]]:
    result = sdc.check(folder, build_policy({}))
    return [(f.location.path, f.location.cell, f.status.value, f.message,
             [r.cell for r in f.related]) for f in result.findings if f.rule == "SDC503"]


@pytest.mark.parametrize("union", ["Districts A+B", "Districts A + B", "District A & B",
                                   "Districts A & B"])
def test_a_union_beside_one_of_its_parts_gives_the_other_away(union: str,
                                                              tmp_path: Path) -> None:
    a = [(union, 25), ("District C", 40)]
    b = [("District A", 22), ("Districts C+D", 61)]
    write(tmp_path / "r", {"a.csv": a, "b.csv": b})
    district_b = a[0][1] - b[0][1]  # (A + B) - A
    assert 0 < district_b < THRESHOLD
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "fail", f"area district b = {union} − District A = {district_b}, "
                                f"below the threshold {THRESHOLD}", ["B2"])]


def test_the_twin_with_a_large_difference_passes(tmp_path: Path) -> None:
    write(tmp_path / "r", {"a.csv": [("Districts A+B", 45), ("District C", 40)],
                           "b.csv": [("District A", 22), ("Districts C+D", 61)]})
    assert sdc503(tmp_path / "r") == []
    assert {o.status.value for o in sdc.check(tmp_path / "r", build_policy({})).outputs} \
        == {"pass"}


def test_names_joined_by_and_are_only_suggested(tmp_path: Path) -> None:
    """``North and East`` could be one category's words ("Mining and quarrying"): review."""
    write(tmp_path / "r", {"a.csv": [("North and East", 30), ("South", 40)],
                           "b.csv": [("North", 26), ("East and South", 50)]})
    east = 30 - 26
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "review", f"area east = North and East − North = {east}, below the "
                                  f"threshold {THRESHOLD}", ["B2"])]


def test_three_names_less_two_parts(tmp_path: Path) -> None:
    """``A, B and C`` less ``A`` and ``B`` of another table is C; the parts are taken once."""
    write(tmp_path / "r", {"a.csv": [("Wards A, B and C", 70), ("Ward D", 40)],
                           "b.csv": [("Ward A", 30), ("Ward B", 35), ("Wards C+D", 60)]})
    ward_c = 70 - 30 - 35
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "review", f"area ward c = Wards A, B and C − Ward A − Ward B = "
                                  f"{ward_c}, below the threshold {THRESHOLD}", ["B2", "B3"])]


def test_a_union_and_its_part_in_one_table(tmp_path: Path) -> None:
    write(tmp_path / "r", {"a.csv": [("District A", 22), ("Districts A+B", 27),
                                     ("District C", 40)]})
    assert [(p, c, s) for p, c, s, _, _ in sdc503(tmp_path / "r")] == [("a.csv", "B3", "fail")]


def test_a_remainder_published_as_it_stands_is_left_to_its_own_checks(tmp_path: Path) -> None:
    """District B is published too: its 3 is SDC101's, not a derivation."""
    write(tmp_path / "r", {"a.csv": [("Districts A+B", 25), ("District C", 40)],
                           "b.csv": [("District A", 22), ("District B", 3)]})
    assert sdc503(tmp_path / "r") == []
    result = sdc.check(tmp_path / "r", build_policy({}))
    assert ("SDC101", "b.csv", "B3") in {(f.rule, f.location.path, f.location.cell)
                                         for f in result.findings}


def test_hidden_cells_and_other_units_are_not_compared(tmp_path: Path) -> None:
    write(tmp_path / "r", {"a.csv": [("Districts A+B", "[c]"), ("District C", 40)],
                           "b.csv": [("District A", 22), ("Districts C+D", 61)],
                           "c.csv": [("Wards A+B", 25), ("Ward C", 40)]})
    assert sdc503(tmp_path / "r") == []


@pytest.mark.parametrize(("label", "expected"), [
    ("Districts A+B", NamedSet("district", frozenset({"a", "b"}), True)),
    ("Area A & B", NamedSet("area", frozenset({"a", "b"}), True)),
    ("North and East", NamedSet("", frozenset({"north", "east"}), False)),
    ("A, B and C", NamedSet("", frozenset({"a", "b", "c"}), False)),
    ("District A", NamedSet("district", frozenset({"a"}), True)),
    ("North", NamedSet("", frozenset({"north"}), True)),
])
def test_named_sets(label: str, expected: NamedSet) -> None:
    assert parse_named_set(label) == expected


@pytest.mark.parametrize("label", ["18 and over", "65+", "Total", "Other", "A+A", "",
                                   "District A and Ward B", "Not stated", "A/B + C"])
def test_labels_that_are_no_named_sets(label: str) -> None:
    assert parse_named_set(label) is None


def test_alike_tables_are_compared_once_with_the_same_findings(tmp_path: Path,
                                                               monkeypatch) -> None:
    """Forty tables with the same counts and a few that differ: comparing one table of each
    set of counts (the default) gives every finding comparing all of them gives."""
    from sdc.rules.differencing import Differencing

    tables = {f"same_{i:02d}.csv": [("District A", 22), ("Districts B+C", 61)]
              for i in range(40)}
    tables |= {"union.csv": [("Districts A+B", 25), ("District C", 40)],
               "other.csv": [("District A", 23), ("Districts B+C", 60)],
               "third.csv": [("Districts A & C", 48), ("District B", "[c]")]}
    write(tmp_path / "r", tables)

    def found() -> list[tuple[str | None, str | None, str, str, tuple[str | None, ...]]]:
        result = sdc.check(tmp_path / "r", build_policy({}))
        return sorted((f.location.path, f.location.cell, f.status.value, f.message,
                       tuple(f"{r.path}!{r.cell}" for r in f.related))
                      for f in result.findings if f.rule == "SDC503")

    fast = found()
    monkeypatch.setattr(Differencing, "all_pairs", True)
    assert found() == fast
    union = [f for f in fast if f[0] == "union.csv"]
    # the first table in file order that gives district B reports it: other.csv (23)
    assert [(f[3], f[4]) for f in union] == [
        (f"area district b = Districts A+B − District A = {25 - 23}, below the threshold "
         f"{THRESHOLD}", ("other.csv!B2",))]
    # each alike table is a re-run of other.csv (review); no union remainder in them
    assert {f[3].split(" with ")[0] for f in fast if f[0].startswith("same_")} == {
        "the same table as other.csv"}
    third = [(f[3], f[4]) for f in fast if f[0] == "third.csv"]
    assert third == [(f"area district a = Districts A & C − District C = {48 - 40}, below "
                      f"the threshold {THRESHOLD}", ("union.csv!B3",))]



def parts_tables() -> dict[str, list[tuple[str, int | str]]]:
    """``Districts A+B+C`` in one table, ``District A`` in a second, ``District B`` in a
    third: no one table's part leaves a small count, the two together leave district C."""
    return {"a.csv": [("Districts A+B+C", 70), ("District D", 40)],
            "b.csv": [("District A", 30), ("District E", 50)],
            "c.csv": [("District B", 35), ("District F", 60)]}


def test_parts_from_two_tables_together(tmp_path: Path) -> None:
    tables = parts_tables()
    write(tmp_path / "r", tables)
    union, a, b = tables["a.csv"][0][1], tables["b.csv"][0][1], tables["c.csv"][0][1]
    assert union - a >= THRESHOLD and union - b >= THRESHOLD  # one table alone gives nothing
    district_c = union - a - b
    assert 0 < district_c < THRESHOLD
    result = sdc.check(tmp_path / "r", build_policy({}))
    got = [(f.location.path, f.location.cell, f.status.value, f.message,
            [(r.path, r.cell) for r in f.related], f.evidence)
           for f in result.findings if f.rule == "SDC503"]
    assert got == [("a.csv", "B2", "fail",
                    f"area district c = Districts A+B+C − District A − District B = "
                    f"{district_c}, below the threshold {THRESHOLD}",
                    [("b.csv", "B2"), ("c.csv", "B2")],
                    {"derived": float(district_c), "threshold": THRESHOLD, "names": ["c"]})]


def test_parts_from_two_tables_twin_passes(tmp_path: Path) -> None:
    tables = parts_tables()
    tables["a.csv"][0] = ("Districts A+B+C", 30 + 35 + THRESHOLD + 5)
    write(tmp_path / "r", tables)
    assert sdc503(tmp_path / "r") == []


def test_parts_whose_counts_disagree_between_tables_are_only_review(tmp_path: Path) -> None:
    """District A is 30 in one table and 31 in another: they may not count the same people,
    so what the first leaves over is suggested, not proved (the earlier table's count)."""
    tables = parts_tables() | {"d.csv": [("District A", 31), ("District G", 45)]}
    write(tmp_path / "r", tables)
    district_c = 70 - 30 - 35
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "review", f"area district c = Districts A+B+C − District A − District "
                                  f"B = {district_c}, below the threshold {THRESHOLD}",
         ["B2", "B2"])]


def test_names_of_several_words_where_a_part_is_published(tmp_path: Path) -> None:
    """``North East and South West`` beside ``North East``: read word by word the two parts
    name different units (``north`` and ``south``), so before they were compared with
    nothing; read as the regions {North East, South West} because ``North East`` is a
    published label, South West is left over. ``and`` may join one category's words:
    review."""
    write(tmp_path / "r", {"a.csv": [("North East and South West", 30), ("West", 40)],
                           "b.csv": [("North East", 26), ("South", 50)]})
    south_west = 30 - 26
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "review", f"area south west = North East and South West − North East "
                                  f"= {south_west}, below the threshold {THRESHOLD}", ["B2"])]


def test_a_single_name_before_a_name_of_several_words(tmp_path: Path) -> None:
    """``South and North East`` less ``North East`` is the south."""
    write(tmp_path / "r", {"a.csv": [("South and North East", 33), ("West", 40)],
                           "b.csv": [("North East", 26), ("North West", 50)]})
    south = 33 - 26
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "review", f"area south = South and North East − North East = {south}, "
                                  f"below the threshold {THRESHOLD}", ["B2"])]


def test_names_of_several_words_joined_by_plus_fail(tmp_path: Path) -> None:
    write(tmp_path / "r", {"a.csv": [("North East + South West", 60), ("West", 40)],
                           "b.csv": [("South West", 53), ("North", 26)]})
    north_east = 60 - 53
    assert sdc503(tmp_path / "r") == [
        ("a.csv", "B2", "fail", f"area north east = North East + South West − South West = "
                                f"{north_east}, below the threshold {THRESHOLD}", ["B2"])]


def test_names_of_several_words_twin_and_unpublished_parts(tmp_path: Path) -> None:
    """The twin (South West is 19) passes; and with no ``North East`` published, ``North
    East and South West`` beside ``South`` and ``East`` is not read as regions, so nothing is
    compared."""
    write(tmp_path / "r", {"a.csv": [("North East and South West", 45), ("West", 40)],
                           "b.csv": [("North East", 26), ("South", 50)]})
    assert sdc503(tmp_path / "r") == []
    write(tmp_path / "s", {"a.csv": [("North East and South West", 30), ("West", 40)],
                           "b.csv": [("South", 26), ("East", 27)]})
    assert sdc503(tmp_path / "s") == []


@pytest.mark.parametrize(("label", "expected"), [
    ("North East and South", NamedSet("", frozenset({"north east", "south"}), False)),
    ("North East + South West", NamedSet("", frozenset({"north east", "south west"}), True)),
    ("North  East", NamedSet("", frozenset({"north east"}), True)),
])
def test_whole_names(label: str, expected: NamedSet) -> None:
    assert parse_whole_names(label) == expected


@pytest.mark.parametrize("label", ["North", "A + B", "Not stated", "18 and over", "North + North",
                                   "Other North"])
def test_labels_with_no_whole_name_reading(label: str) -> None:
    assert parse_whole_names(label) is None
