"""SDC303's tail at the boundary (issue 12, handbook round 16): a tail percentile needs
``tail_units`` units beyond it, and the 90th of exactly 100 values has exactly 10 above it.
In floats ``(1 - 0.9) * 100`` is 9.99..., so the 90th of 100 was flagged as having "fewer
than 10" (one unit stricter than the rule's text), while ``0.1 * 100`` is 10.000...02 and
the 10th of 100 was not: the two tails disagreed. The tail is now worked out exactly from
the printed level, in the API (``sdc.crosstab(..., aggfunc="p90")``) and in the file check.

The expected cells are worked out here from the rule's text in whole numbers: the level
``k / d`` as printed (``97.5`` is 975/1000 of 100), and a cell is flagged exactly when
``min(k, d - k) * n < tail_units * d``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

SIZES = (99, 100, 101)
TAIL_UNITS = 10  # the default: small-count's threshold


def flagged(percent: str, n: int, tail_units: int = TAIL_UNITS) -> bool:
    """Fewer than ``tail_units`` of ``n`` units beyond the ``percent``-th percentile, in whole
    numbers: ``percent`` = ``whole.frac`` is ``k / d`` with ``d = 100 * 10**len(frac)``."""
    whole, _, frac = percent.partition(".")
    d = 100 * 10 ** len(frac)
    k = int(whole + frac)
    return min(k, d - k) * n < tail_units * d


def test_the_oracle_reads_the_boundary_as_the_rule_says() -> None:
    """The 90th and 10th of 100 have exactly 10 beyond them: not fewer than 10."""
    assert [flagged("90", n) for n in SIZES] == [True, False, False]
    assert [flagged("10", n) for n in SIZES] == [True, False, False]
    assert [flagged("95", n) for n in SIZES] == [True, True, True]
    assert [flagged("97.5", n) for n in (399, 400, 401)] == [True, False, False]


def groups(sizes: tuple[int, ...]) -> pd.DataFrame:
    rng = np.random.default_rng(16)
    names = "ABCDEFG"[:len(sizes)]
    return pd.DataFrame({
        "group": np.repeat(list(names), sizes),
        "sex": "all",
        "income": rng.integers(10_000, 90_000, sum(sizes)).astype(float)})


def expected(percent: str, sizes: tuple[int, ...], column: str = "B") -> set[str]:
    """The cells flagged: one row a group from row 2, in ``column``."""
    return {f"{column}{2 + i}" for i, n in enumerate(sizes) if flagged(percent, n)}


def sdc303(findings: list) -> dict[str | None, str]:
    return {f.location.cell: f.status.value for f in findings if f.rule == "SDC303"}


@pytest.mark.parametrize(("percent", "sizes"), [
    ("90", SIZES), ("10", SIZES), ("95", SIZES), ("5", SIZES),
    ("97.5", (399, 400, 401)), ("2.5", (399, 400, 401))])
def test_the_api_and_the_file_flag_exactly_the_tails_below_the_boundary(
        tmp_path: Path, percent: str, sizes: tuple[int, ...]) -> None:
    data = groups(sizes)
    table = sdc.crosstab(data.group, data.sex, values=data.income, aggfunc=f"p{percent}")
    must = expected(percent, sizes)
    assert sdc303(table.findings) == dict.fromkeys(must, "fail")
    folder = tmp_path / "out"
    folder.mkdir()
    table.to_csv(folder / "income.csv")
    result = sdc.check(folder, build_policy({}))
    assert sdc303(result.findings) == dict.fromkeys(must, "fail")  # as the API, cell for cell


@pytest.mark.parametrize("name", ["p90", "p10", "90th percentile", "10th centile", "p95",
                                  "p5", "97.5th percentile", "2.5th percentile"])
def test_a_named_tail_beside_its_n(tmp_path: Path, name: str) -> None:
    """``group,n,<tail>`` as a researcher writes it: flagged exactly where the rule says."""
    percent = name.removeprefix("p").split("th")[0].removesuffix("%")
    sizes = (399, 400, 401) if "." in percent else SIZES
    rows = "".join(f"{g},{n},{30 + i}\n" for i, (g, n) in enumerate(zip("ABC", sizes, strict=True)))
    (tmp_path / "t.csv").write_text(f"group,n,{name}\n{rows}")
    found = findings_of(sdc.check(tmp_path, build_policy({})))
    assert found == {("SDC303", "t.csv", c) for c in expected(percent, sizes, column="C")}


def test_the_policy_boundary_is_exact_too(tmp_path: Path) -> None:
    """``tail_units = 5``: the 95th of 100 has exactly 5 above it, not fewer."""
    (tmp_path / "t.csv").write_text("group,n,p95\nA,99,31\nB,100,32\nC,101,33\n")
    lax = {"rules": {"thin-statistic": {"tail_units": 5}}}
    found = findings_of(sdc.check(tmp_path, build_policy(lax)))
    want = {f"C{2 + i}" for i, n in enumerate(SIZES) if flagged("95", n, tail_units=5)}
    assert want == {"C2"}
    assert found == {("SDC303", "t.csv", c) for c in want}


@pytest.mark.parametrize("name", ["p97.5", "p2.5", "p98", "p3", "pctl_97.5", "2.5th centile",
                                  "percentile_97.5"])
def test_a_tail_the_vocabulary_does_not_list_is_no_count(tmp_path: Path, name: str) -> None:
    """``p97.5``, ``p98``, ``2.5th centile`` over whole numbers were read as counts and
    passed (30 >= 10) where the tail rests on fewer than 10 units (growth charts print P3 and
    P97); now the percentile it names, flagged exactly where the rule says."""
    percent = name.removeprefix("pctl_").removeprefix("percentile_").removeprefix("p")
    percent = percent.split("th")[0]
    sizes = (399, 400, 401) if "." in percent else (299, 300, 301)
    rows = "".join(f"{g},{n},{30 + i}\n" for i, (g, n) in enumerate(zip("ABC", sizes, strict=True)))
    (tmp_path / "t.csv").write_text(f"group,n,{name}\n{rows}")
    found = findings_of(sdc.check(tmp_path, build_policy({})))
    want = expected(percent, sizes, column="C")
    assert want  # each of these has a thin tail at its first size
    assert found == {("SDC303", "t.csv", c) for c in want}


@pytest.mark.parametrize(("name", "percent", "sizes"), [
    ("p97_5", "97.5", (399, 400, 401)), ("pctl_97_5", "97.5", (399, 400, 401)),
    ("income_p99_9", "99.9", (9_999, 10_000, 10_001)), ("p2_5", "2", (499, 500, 501)),
    ("age_65_95th_percentile", "95", (199, 200, 201))])
def test_an_underscore_between_digits_is_read_with_the_thinner_tail(
        tmp_path: Path, name: str, percent: str, sizes: tuple[int, ...]) -> None:
    """A name cannot hold a point: ``p97_5`` was read as the 97th percentile (3% of 399 is
    11.97 units: passed) where the 97.5th of 399 has 9.975 beyond it (SDC303). ``_`` between
    digits is a point or a parting, and the reading with the thinner tail is taken: 97.5 for
    ``p97_5``, 2 for ``p2_5`` (not 2.5), 95 for ``age_65_95th``."""
    rows = "".join(f"{g},{n},{30 + i}\n" for i, (g, n) in enumerate(zip("ABC", sizes, strict=True)))
    (tmp_path / "t.csv").write_text(f"group,n,{name}\n{rows}")
    found = findings_of(sdc.check(tmp_path, build_policy({})))
    want = expected(percent, sizes, column="C")
    assert want == {"C2"}  # the boundary: fewer than 10 beyond only at the first size
    assert found == {("SDC303", "t.csv", c) for c in want}
