"""Geographic differencing of areas named as ranges (ESSnet *Handbook on SDC*, ch. 5,
differencing of overlapping areas): ``Ward 1-3`` in one table and ``Ward 1-4`` in another give
ward 4 away as their difference. Numbered units named as ranges are read as bands of unit
numbers, compared only with the same units' ranges; the expected sliver is computed here from
the published counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.bands import Band, parse_named_bands
from sdc.policy import build_policy


def write(folder: Path, tables: dict[str, list[tuple[str, int]]], header: str = "ward"
          ) -> None:
    folder.mkdir()
    for name, rows in tables.items():
        total = sum(n for _, n in rows)
        text = "".join(f"{label},{n}\n" for label, n in rows)
        (folder / name).write_text(f"{header},patients\n{text}Total,{total}\n")


def sdc503(folder: Path) -> list[tuple[str, str | None, str, str]]:
    result = sdc.check(folder, build_policy({}))
    return [(f.location.path, f.location.cell, f.status.value, f.message)
            for f in result.findings if f.rule == "SDC503"]


@pytest.mark.parametrize(("first", "second"), [
    ("Ward 1-3", "Ward 1-4"), ("Wards 1 to 3", "Wards 1 to 4"), ("Ward 1–3", "ward 1-4")])
def test_overlapping_ward_ranges_give_the_ward_between_away(first: str, second: str,
                                                            tmp_path: Path) -> None:
    a = [(first, 120), ("Ward 4-6", 95)]
    b = [(second, 124), ("Ward 5-6", 91)]
    write(tmp_path / "r", {"by_ward_a.csv": a, "by_ward_b.csv": b})
    ward_4 = b[0][1] - a[0][1]  # (Ward 1-4) - (Ward 1-3)
    assert 0 < ward_4 < 10
    [(path, cell, status, message)] = sdc503(tmp_path / "r")
    assert (path, cell, status) == ("by_ward_b.csv", "B2", "fail")
    assert f"ward 4 = ({second}) − ({first}) = {ward_4}," in message


def test_ward_ranges_whose_difference_is_large_pass(tmp_path: Path) -> None:
    """The twin: the same ranges, ward 4 holding 20 patients."""
    write(tmp_path / "r", {"by_ward_a.csv": [("Ward 1-3", 120), ("Ward 4-6", 95)],
                           "by_ward_b.csv": [("Ward 1-4", 140), ("Ward 5-6", 75)]})
    assert sdc503(tmp_path / "r") == []
    assert {o.status.value for o in sdc.check(tmp_path / "r", build_policy({})).outputs} \
        == {"pass"}


def test_ranges_of_different_units_are_not_compared(tmp_path: Path) -> None:
    """Wards 1-3 and districts 1-4 are different places: their numbers say nothing of each
    other (both tables count every unit of their own kind, so each passes on its own)."""
    write(tmp_path / "r", {"by_ward.csv": [("Ward 1-3", 120), ("Ward 4-6", 95)],
                           "by_district.csv": [("District 1-4", 124), ("District 5-6", 91)]})
    assert sdc503(tmp_path / "r") == []


def test_named_bands() -> None:
    word, bands = parse_named_bands(["Ward 1-3", "Wards 4 to 6", "Ward 7", "Total"])
    assert word == "ward"
    assert bands == [Band(1, 4, "Ward 1-3"), Band(4, 7, "Wards 4 to 6"), Band(7, 8, "Ward 7"),
                     None]


@pytest.mark.parametrize("labels", [
    ["Ward 3", "Ward 4"],  # single units are categories unless a range is beside them
    ["Ward 1-3", "District 4-6"],  # two kinds of unit
    ["Ward 1.5-3"],  # unit numbers are whole
    ["Male", "Female"],
])
def test_labels_that_are_no_named_ranges(labels: list[str]) -> None:
    assert parse_named_bands(labels) is None
