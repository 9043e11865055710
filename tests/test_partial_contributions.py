"""Dominance rules asking for more of the largest contributions than the evidence lists
(τ-ARGUS' Freq/Top1/Top2 under an (n = 3) rule, or the p% rule with a coalition of 2): the
listed ones bound the rest (non-negative, none above the smallest listed), so a cell the
listed ones already dominate fails, one the bound keeps safe passes, and only the cells in
between stay review. Before, every such cell was review, the provably dominated ones too.
Files on disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy

TABLE = ("region,turnover,Freq,Top1,Top2\n"
         "North,110000,15,52000,50000\n"    # the 2 listed: 92.7% of the total
         "South,100000,12,50000,49000\n"    # 99.0%; the rest after them 1,000
         "East,500000,20,100000,80000\n"    # at most 260,000 for 3: 52%
         "West,300000,14,100000,60000\n"    # at most 220,000: 73.3%
         "Central,200000,30,80000,60000\n"  # 70% listed, at most 100%: cannot tell
         "Coast,90000,2,50000,40000\n")     # 2 contributors: both listed, the third is 0


def _check(tmp_path: Path, rules: dict, table: str = TABLE
           ) -> set[tuple[str, str | None, str]]:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    (folder / "turnover.csv").write_text(table)
    result = sdc.check(folder, build_policy({"rules": rules}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.rule in ("SDC201", "SDC202")}


def test_an_n_3_rule_over_two_listed_contributions(tmp_path: Path) -> None:
    found = _check(tmp_path, {"nk-dominance": {"rules": [{"n": 3, "k": 0.75}]},
                              "p-percent": {"status": "off"}})
    assert found == {("SDC201", "B2", "fail"), ("SDC201", "B3", "fail"),
                     ("SDC201", "B6", "review"), ("SDC201", "B7", "fail")}


def test_a_strict_n_3_rule_at_the_bound(tmp_path: Path) -> None:
    # at most 105,000 + 60,000 + 60,000 = 225,000: exactly 75% of 300,000, safe only when
    # the rule is strict
    table = "region,turnover,Freq,Top1,Top2\nWest,300000,14,105000,60000\n"
    rules = {"rules": [{"n": 3, "k": 0.75}]}
    inclusive = _check(tmp_path / "a", {"nk-dominance": rules, "p-percent": {"status": "off"}},
                       table)
    strict = _check(tmp_path / "b", {"nk-dominance": {**rules, "inclusive": False},
                                     "p-percent": {"status": "off"}}, table)
    assert inclusive == {("SDC201", "B2", "review")}
    assert strict == set()


def test_the_p_percent_rule_with_a_coalition_of_two(tmp_path: Path) -> None:
    # North: at most 8,000 left after the 2 listed, at least -42,000 after 3: cannot tell;
    # South: at most 1,000 left < 5,000: fails; East and West: enough left either way
    found = _check(tmp_path, {"nk-dominance": {"status": "off"}, "p-percent": {"c": 2}})
    assert found == {("SDC202", "B2", "review"), ("SDC202", "B3", "fail"),
                     ("SDC202", "B6", "review"), ("SDC202", "B7", "fail")}


def test_the_default_rules_need_no_more_than_listed(tmp_path: Path) -> None:
    found = _check(tmp_path, {})
    assert found == {("SDC201", "B2", "fail"), ("SDC201", "B3", "fail"),
                     ("SDC202", "B3", "fail"), ("SDC201", "B7", "fail"),
                     ("SDC202", "B7", "fail")}


def test_a_total_of_zero_or_less_gives_no_bound(tmp_path: Path) -> None:
    # a negative total under positive listed contributions: some contributions are negative,
    # so "none above the smallest listed" bounds nothing that matters; stays review
    table = "region,turnover,Freq,Top1,Top2\nLake,-5000,12,3000,2000\n"
    found = _check(tmp_path / "a", {"nk-dominance": {"rules": [{"n": 3, "k": 0.75}]},
                                    "p-percent": {"c": 2}}, table)
    assert found == {("SDC201", "B2", "review"), ("SDC202", "B2", "review")}
