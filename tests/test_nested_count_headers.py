"""A count beside a part of it whose headers say so without sharing a word (hunt round 19,
issue 12): ``patients`` beside ``of whom vaccinated``, ``all patients`` beside ``vaccinated``,
``n`` beside ``deaths``. The part less the whole is a count printed nowhere (3 unvaccinated);
it passed, as only a part repeating the whole's words (``patients aged 18+``) was paired.
Tables written by pandas ``groupby().agg().to_csv()``, checked in-process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of


def _table(folder: Path, whole: str, part: str, left_over: list[int]) -> sdc.RunResult:
    """Per region, everyone (``whole``) and those with the event (``part``); ``left_over``
    are the people without it in East, North and South."""
    rng = np.random.default_rng(19)
    rows = []
    for region, without in zip(["East", "North", "South"], left_over, strict=True):
        with_it = int(rng.integers(40, 90))
        rows += [(region, True)] * with_it + [(region, False)] * without
    df = pd.DataFrame(rows, columns=["region", "event"])
    df.groupby("region").event.agg(**{whole: "size", part: "sum"}).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize(("whole", "part"), [("patients", "of whom vaccinated"),
                                             ("patients", "Of which: emergency"),
                                             ("all patients", "vaccinated"),
                                             ("n", "deaths")])
def test_a_part_the_headers_say_nests_leaves_a_count(tmp_path: Path, whole: str,
                                                     part: str) -> None:
    # North: 3 without the event, printed nowhere; the part's cell C3 gives it away
    result = _table(tmp_path, whole, part, [25, 3, 30])
    assert ("SDC101", "t.csv", "C3") in findings_of(result)
    assert result.status.value == "review"
    (finding,) = [f for f in result.findings if f.rule == "SDC101"]
    assert finding.status.value == "review"


def test_a_large_rest_and_two_names_of_one_count_pass(tmp_path: Path) -> None:
    assert _table(tmp_path, "patients", "of whom vaccinated", [25, 12, 30]
                  ).status.value == "pass"
    same = tmp_path / "same"
    same.mkdir()
    assert _table(same, "n", "total", [0, 0, 0]).status.value == "pass"


def _survived(folder: Path, header: str, died: list[int]) -> sdc.RunResult:
    """Per region, the patients and the share of them who survived (``died`` did not)."""
    rng = np.random.default_rng(7)
    rows = []
    for region, dead in zip(["East", "North", "South"], died, strict=True):
        alive = int(rng.integers(25, 60))
        rows += [(region, True)] * alive + [(region, False)] * dead
    df = pd.DataFrame(rows, columns=["region", "alive"])
    out = df.groupby("region").alive.agg(patients="size", share="mean")
    out["share"] = (100 * out["share"]).round(1)
    out.rename(columns={"share": header}).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("header", ["Survived %", "Survival (%)", "KM survival %"])
def test_a_share_that_survived_by_region_gives_the_deaths_back(tmp_path: Path,
                                                               header: str) -> None:
    # a survival share was taken for a Kaplan-Meier curve's step and never read as a share of
    # the patients beside it: 3 deaths in North (91.7% of 36) passed; by region it is a share
    result = _survived(tmp_path, header, [20, 3, 25])
    assert ("SDC103", "t.csv", "C3") in findings_of(result)
    assert result.status.value == "fail"


def test_a_survival_share_with_many_deaths_passes(tmp_path: Path) -> None:
    assert _survived(tmp_path, "Survived %", [20, 14, 25]).status.value == "pass"


def test_a_survival_rate_of_unknown_scale_is_reviewed_like_any_rate(tmp_path: Path) -> None:
    # 'Survival rate' 0.917 beside 36 patients passed (its words made it a curve's step), where
    # 'Mortality rate' beside them is SDC303 review: its scale is not given
    rng = np.random.default_rng(7)
    rows = [(r, bool(a)) for r, n, dead in (("East", 40, 20), ("North", 33, 3), ("South", 50, 25))
            for a in [1] * n + [0] * dead]
    rng.shuffle(rows)
    df = pd.DataFrame(rows, columns=["region", "alive"])
    df.groupby("region").alive.agg(patients="size", **{"survival rate": "mean"}).round(3) \
        .to_csv(tmp_path / "t.csv")
    result = sdc.check(tmp_path, build_policy({}))
    assert {f.rule for f in result.findings} == {"SDC303"}
    assert result.status.value == "review"


def _rows_of_whom(folder: Path, vaccinated: list[int]) -> sdc.RunResult:
    """Patients per region and, in the row under them, those vaccinated (a wide table of
    counts whose rows are the measures, as ``DataFrame.T.to_csv`` writes it)."""
    patients = [30, 30, 20]
    pd.DataFrame({"North": [patients[0], vaccinated[0]], "South": [patients[1], vaccinated[1]],
                  "East": [patients[2], vaccinated[2]]},
                 index=pd.Index(["Patients", "of whom vaccinated"], name="measure")
                 ).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_a_row_of_whom_under_its_whole_leaves_a_count(tmp_path: Path) -> None:
    # South: 30 patients, 26 vaccinated: 4 unvaccinated printed nowhere (passed)
    result = _rows_of_whom(tmp_path, [18, 26, 10])
    assert findings_of(result) == {("SDC101", "t.csv", "C3")}
    assert result.status.value == "review"
    twin = tmp_path / "twin"
    twin.mkdir()
    assert _rows_of_whom(twin, [18, 16, 10]).status.value == "pass"
