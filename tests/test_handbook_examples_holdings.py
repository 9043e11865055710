"""The ESSnet *Handbook on SDC* (sdcTools edition), ch. 4.2, "Holdings": the reporting unit
(a branch) is not the entity to protect (its company). A cell may hold several contributions
from one company only, so the contributions of one company are added up *before* the
sensitivity rules are applied (τ-ARGUS's holding option; ``contributor=`` in sdc's API).

The release is written as a researcher writes it inside the TRE: ``sdc.aggregate`` /
``sdc.crosstab`` of the branch records with ``contributor=company``, saved with ``to_csv``
(table and evidence sidecar). The expected findings are computed here from the branch records
with the handbook's rules (p% ``X - x1 - x2 < p x1``, (n, k) ``x1 + .. + xn > k X``) on the
contributions grouped by company, never copied as answers.

Before round 13 the sidecar of an ``sdc.aggregate`` table was rejected whenever a company had
several branches in one cell (its grouped contribution is larger than the largest *record*,
which the sidecar check took for forged evidence): the cell went to ``review`` (SDC602)
instead of the dominance ``fail`` the handbook's grouping gives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples import BOTH
from tests.test_respondent_several_cells import expected_ids

P, NK = 0.10, [(2, 0.9)]  # BOTH's rules


def branches(mining_owners: list[str]) -> pd.DataFrame:
    """Branch records: Mining's three large branches (one per region) owned by
    ``mining_owners``, three small Mining firms, and a Retail industry of six firms."""
    rows = [("North", "Mining", mining_owners[0], 400.0), ("South", "Mining", mining_owners[1],
                                                          350.0),
            ("East", "Mining", mining_owners[2], 300.0), ("North", "Mining", "m1", 60.0),
            ("South", "Mining", "m2", 50.0), ("East", "Mining", "m3", 40.0)]
    rows += [(region, "Retail", f"r{i}", 200.0 + 20 * i)
             for i, region in enumerate(["North", "South", "East"] * 2)]
    return pd.DataFrame(rows, columns=["region", "industry", "company", "turnover"])


def turnover_release(data: pd.DataFrame, tmp_path: Path
                     ) -> tuple[Path, pd.DataFrame, list[tuple[str, pd.DataFrame]]]:
    """``sdc.crosstab(region, industry, values=turnover, contributor=company, margins=True)``
    saved with ``to_csv`` in a release folder: the folder, the table as published, and each
    published cell's address with its records (a margin's: all of its line's)."""
    table = sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                         contributor=data.company, margins=True)
    folder = tmp_path / "release"
    folder.mkdir()
    table.to_csv(folder / "turnover.csv")
    published = pd.read_csv(folder / "turnover.csv", index_col=0, dtype=str)
    cells = [(f"{chr(ord('B') + j)}{i + 2}",
              data[((data.region == region) | (region == "All"))
                   & ((data.industry == industry) | (industry == "All"))])
             for i, region in enumerate(published.index)
             for j, industry in enumerate(published.columns)]
    return folder, published, cells


def sensitive(contributions: list[float]) -> set[str]:
    """The handbook's rules on a cell's contributions: which of them call it sensitive."""
    top, total = [*sorted(contributions, reverse=True), 0.0, 0.0], sum(contributions)
    rules = set()
    if total - top[0] - top[1] < P * top[0]:
        rules.add("SDC202")
    if any(sum(top[:n]) > k * total for n, k in NK):
        rules.add("SDC201")
    return rules


def grouped(data: pd.DataFrame) -> list[float]:
    """A cell's contributions, one per company (the handbook's holding grouping)."""
    return data.groupby("company").turnover.sum().tolist()


def check(folder: Path) -> list[sdc.Finding]:
    return sdc.check(folder, build_policy(BOTH)).findings


@pytest.mark.parametrize("owners", [["X", "X", "X"], ["X", "Y", "Z"]])
def test_holdings_aggregate_groups_a_company_s_branches(owners: list[str],
                                                        tmp_path: Path) -> None:
    """``sdc.aggregate(by=industry, contributor=company)``: one company owning Mining's three
    large branches (400 + 350 + 300 of 1,200) dominates it, although by branches the cell is
    safe; its twin (three companies) is safe either way. The sidecar is used (no SDC602)."""
    data = branches(owners)
    table = sdc.aggregate(data, "industry", "turnover", ["sum", "count"], contributor="company")
    folder = tmp_path / "release"
    folder.mkdir()
    table.to_csv(folder / "turnover_by_industry.csv")
    published = pd.read_csv(folder / "turnover_by_industry.csv", dtype=str)
    assert list(published.industry) == ["Mining", "Retail"]
    want = {(rule, f"B{i + 2}") for i, industry in enumerate(published.industry)
            for rule in sensitive(grouped(data[data.industry == industry]))}
    by_branch = {rule for industry in ("Mining", "Retail")
                 for rule in sensitive(data[data.industry == industry].turnover.tolist())}
    assert by_branch == set()  # the branches alone never look dominated
    assert want == ({("SDC201", "B2"), ("SDC202", "B2")} if owners[0] == owners[1] else set())
    found = check(folder)
    assert {(f.rule, f.location.cell) for f in found
            if f.rule in ("SDC201", "SDC202")} == want
    assert all(f.status.value == "fail" for f in found if f.rule in ("SDC201", "SDC202"))
    assert not [f for f in found if f.rule == "SDC602"]


def test_holdings_aggregate_names_the_companies(tmp_path: Path) -> None:
    """``sdc.aggregate(..., contributor=)`` writes each cell's ``top_ids`` (who made each
    largest grouped contribution) as ``sdc.crosstab`` does, so SDC502's respondent audit can
    read them; ``top_ids=False`` leaves them out."""
    data = branches(["X", "X", "Y"])
    for ids in (True, False):
        table = sdc.aggregate(data, ["industry"], "turnover", ["sum"], contributor="company",
                              top_ids=ids)
        path = table.to_csv(tmp_path / f"t_{ids}.csv")
        cells = json.loads(Path(f"{path}.sdc.json").read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            rows = data[data.industry == cell["coords"]["industry"]]
            per_company = rows.groupby("company").turnover.sum().sort_values(ascending=False)
            assert cell["top"][:len(per_company)] == pytest.approx(
                list(per_company.iloc[:len(cell["top"])]))
            want = expected_ids(per_company, len(cell["top"])) if ids else None
            assert cell.get("top_ids") == want
    mining = [c for c in cells if c["coords"]["industry"] == "Mining"]
    assert mining and "top_ids" not in mining[0]


def test_holdings_crosstab_margin_of_one_company(tmp_path: Path) -> None:
    """``sdc.crosstab(region, industry, contributor=company, margins=True)``: the Mining
    margin holds X's three branches (one per region) as one contribution, the handbook's
    "marginal cell with several contributions from one company only": by branches it looks
    safe, grouped it is dominated. Every cell's findings are the grouped rules' answer."""
    data = branches(["X", "X", "X"])
    folder, published, cells = turnover_release(data, tmp_path)
    want, by_branch = set(), set()
    for at, rows in cells:
        want |= {(rule, at) for rule in sensitive(grouped(rows))}
        by_branch |= {(rule, at) for rule in sensitive(rows.turnover.tolist())}
    margin = (f"{chr(ord('B') + list(published.columns).index('Mining'))}"
              f"{list(published.index).index('All') + 2}")
    assert {("SDC201", margin), ("SDC202", margin)} <= want - by_branch
    found = [f for f in check(folder) if f.rule in ("SDC201", "SDC202")]
    assert {(f.rule, f.location.cell) for f in found} == want
    assert all(f.status.value == "fail" for f in found)
