"""Round 36 (hunt36): pandas' ``get_dummies`` names link with the levels they name.

hunt32's pair: a second table whose columns are ``df.groupby(...)[["sex_F", "sex_M"]].sum()``
(``get_dummies`` names) or ``age_band_18-24`` was not linked with the first's ``F``/``M`` or
``18-24``, so its printed South gave back North/F (4) hidden in ``a.csv`` and the release
passed. Now a dummy's name is read as its level when the level is a sex, a numeric range or
an open end (``sdc.link_labels._dummy_level``); other names stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.link_labels import link_label
from tests.test_hunt32_linked_only_modes import _table
from tests.test_some_rows_printed_elsewhere import A_FAILS, _found, jobs  # noqa: F401 (a fixture)

B_FAILS = {("b.csv", "SDC501", "fail", cell) for cell in ("B2", "B4", "C2", "C4")}
NAMES = {
    "sexes": ({"F": "F", "M": "M"}, {"F": "sex_F", "M": "sex_M"}),
    "age bands": ({"F": "18-24", "M": "25-34"}, {"F": "age_band_18-24", "M": "age_band_25-34"}),
}
# the numbers in b.csv's age-band headers are SDC602 there, as before (no rule reads them)
HEADERS = {"sexes": set(), "age bands": {("b.csv", "SDC602", "review", None)}}


@pytest.mark.parametrize("names", list(NAMES))
def test_dummy_names_link(tmp_path: Path, jobs: int, names: str) -> None:  # noqa: F811
    cols_a, cols_b = NAMES[names]
    _table([0, 1]).rename(columns=cols_a).to_csv(tmp_path / "a.csv")
    _table([0, 2]).rename(columns=cols_b).to_csv(tmp_path / "b.csv")
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail"})
    assert found == A_FAILS | B_FAILS | HEADERS[names]


@pytest.mark.parametrize("names", list(NAMES))
def test_the_twin_hiding_the_same_rectangle(tmp_path: Path, jobs: int,  # noqa: F811
                                            names: str) -> None:
    cols_a, cols_b = NAMES[names]
    _table([0, 1]).rename(columns=cols_a).to_csv(tmp_path / "a.csv")
    _table([0, 1]).rename(columns=cols_b).to_csv(tmp_path / "b.csv")
    twin = "pass" if not HEADERS[names] else "review"
    assert _found(tmp_path, jobs) == (twin, {"a.csv": "pass", "b.csv": twin}, HEADERS[names])


@pytest.mark.parametrize(("label", "expected"), [
    ("sex_F", "female"), ("sex_M", "male"), ("Sex_Female", "female"),
    ("age_band_18-24", "18-24"), ("age_band_65+", "65+"), ("age_band_18 to 24", "18-24"),
    ("x_2.5-3.5", "2.5-3.5"),
    # left as they are: no level of those kinds, or a statistic of one (``n_F`` beside
    # ``mean_F`` in one table)
    ("north_east", "north_east"), ("n_patients", "n_patients"), ("smoker_True", "smoker_true"),
    ("wave_1", "wave_1"), ("n_F", "n_f"), ("mean_F", "mean_f"), ("pct_male", "pct_male"),
    ("age_18_24", "age_18_24"), ("region_North East", "region_north east"), ("_F", "_f"),
])
def test_a_dummy_name_read(label: str, expected: str) -> None:
    assert link_label(label) == expected
    assert link_label(expected) == expected
