"""The handbook's "publication of mean values" (ch. 5) read with the rest of the release
(round 34, oracle34; oracle33's residuals):

(a) a two-way table of means in one output beside the counts in another: its rows and columns
    are one system (``sdc.mean_counts._narrowed`` over the release's lines), as they are when
    both sit in one table. Read line by line, a count each line alone leaves 8, 9 or 10 was
    not reported; read together it is 9, a ``fail`` at its cell;
(b) the counts the means give back, whatever their size, bound the audit's systems
    (``sdc.mean_counts.audit_bounds``, ``sdc.linking._means_bounds``): a count the means give
    back in one table that, through a linked table's margins, leaves a hidden small cell of
    that table is SDC501 ``fail`` there, whether the means sit beside their counts or in
    another output, and the same streamed (``sdc.stream_read``: the table checked where it
    was read is checked again).

Every expectation is enumerated here from the files' printed numbers (every table of whole
counts the files allow), never copied from sdc's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples_means import THRESHOLD
from tests.test_handbook_examples_means_joint import POLICY, expected_from, line_readings, pivot
from tests.test_handbook_examples_means_streamed import _four_ways

# --- (a) a two-way table of means in another output ------------------------------------------

# (groups, seed, joint): simulated pivots (counts rounded to 5, means to two decimals), found
# by trying simulated tables. In the first the lines one by one already leave North's women 9
# (their readings intersected); in the second each line alone leaves South's men 8, 9 or 10
# and only the table read as one system leaves 9: round 33's reading across outputs reported
# nothing there (``joint``: the tests check what each line alone leaves)
SPLIT_CASES = [
    ((("North", 9, 16), ("South", 6, 6), ("East", 6, 26)), 70, False),
    ((("North", 20, 27), ("South", 22, 9), ("East", 30, 11)), 67, True),
]


def split_pivot(folder: Path, groups: tuple[tuple[str, int, int], ...], seed: int
                ) -> tuple[Path, Path]:
    """The pivot (``tests.test_handbook_examples_means_joint.pivot``) and the release a
    researcher makes of it: the rounded counts as a crosstab (``counts.csv``), the mean ages
    as a long table of region, sex and mean (``means.csv``), margins in both."""
    path = pivot(folder, groups, seed)
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    sexes = rows[1][1:4]
    release = folder / "release"
    release.mkdir()
    (release / "counts.csv").write_text(
        "region," + ",".join(sexes) + "\n"
        + "".join(",".join([r[0], *r[1:4]]) + "\n" for r in rows[3:]), encoding="utf-8")
    (release / "means.csv").write_text(
        "region,sex,mean_age\n" + "".join(f"{r[0]},{s},{r[4 + i]}\n" for r in rows[3:]
                                          for i, s in enumerate(sexes)), encoding="utf-8")
    return path, release


def each_line_alone(path: Path) -> dict[str, set[int]]:
    """Each count's values that every line through it, read alone, allows: what the lines
    one by one can say, with no line's finding passed to another."""
    readings, cell = line_readings(path)
    left: dict[tuple[str, str], set[int]] = {}
    for found in readings:
        for k, values in found.items():
            left[k] = values if k not in left else left[k] & values
    return {cell(k): v for k, v in left.items()}


def _in_crosstab(at: str) -> str:
    """A count's cell in the pivot (three header lines) as the crosstab prints it (one)."""
    return f"{at[0]}{int(at[1:]) - 2}"


@pytest.mark.parametrize(("groups", "seed", "joint"), SPLIT_CASES)
def test_a_two_way_table_of_means_in_another_output_is_read_as_one_system(
        tmp_path: Path, groups: tuple[tuple[str, int, int], ...], seed: int, joint: bool
        ) -> None:
    path, release = split_pivot(tmp_path, groups, seed)
    expected = expected_from(path)  # every table the numbers allow, rows and columns at once
    assert expected, "the case must give a count back"
    alone = each_line_alone(path)
    # what the lines one by one leave: the same (their readings intersected), or more, a
    # count at or above the threshold among them (only the table read whole finds it)
    assert all((alone[at] != set(range(low, high + 1))) == joint
               and (max(alone[at]) >= THRESHOLD) == joint
               for at, (_s, low, high) in expected.items())
    result = sdc.check(release, build_policy(POLICY))
    got = {(f.location.path, f.location.cell): (f.status.value, f.evidence["count_low"],
                                                f.evidence["count_high"])
           for f in result.findings
           if f.rule == "SDC101" and f.evidence.get("count_low") is not None}
    assert got == {("counts.csv", _in_crosstab(at)): found for at, found in expected.items()}


# --- (b) a count the means give back bounds a linked table ------------------------------------

# the true counts of a region by sex table; North's and the totals' counts by sex hidden (a
# secondary suppression: none is small), South's printed; the mean ages printed beside every
# count but the totals' by sex (hidden with them)
TRUE = {("North", "F"): 18, ("North", "M"): 22, ("South", "F"): 20, ("South", "M"): 25}
OLD = {"F": 35, "M": 35}  # the older people of each sex, printed in the linked table
SEED = 3


def ages_rows(seed: int = SEED, decimals: int = 4) -> list[tuple[str, str, str, str]]:
    """(region, sex, count, mean age) as the researcher prints them (to ``decimals``),
    margins ``Total``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ages = {k: rng.integers(20, 80, n) for k, n in TRUE.items()}
    rows = []
    for region in ("North", "South", "Total"):
        for sex in ("F", "M", "Total"):
            values = np.concatenate([ages[k] for k in TRUE
                                     if region in (k[0], "Total") and sex in (k[1], "Total")])
            hidden = region != "South" and sex != "Total"
            mean = "[c]" if region == "Total" and sex != "Total" else \
                f"{values.mean():.{decimals}f}"
            rows.append((region, sex, "[c]" if hidden else str(len(values)), mean))
    return rows


def by_age_text() -> str:
    """The same people by sex and age (all regions), each sex's young and its total hidden,
    with the region totals the first table prints (so the two tables agree on three
    published cells: a strong link)."""
    young = {s: sum(n for (_r, sex), n in TRUE.items() if sex == s) - OLD[s] for s in OLD}
    rows = [("Total", s, a, "[c]" if a != "old" else str(OLD[s]))
            for s in ("F", "M") for a in ("young", "old", "Total")]
    rows += [("Total", "Total", "young", str(sum(young.values()))),
             ("Total", "Total", "old", str(sum(OLD.values()))),
             ("Total", "Total", "Total", str(sum(TRUE.values())))]
    rows += [(r, "Total", "Total", str(sum(n for (g, _s), n in TRUE.items() if g == r)))
             for r in ("North", "South")]
    return "region,sex,age,n\n" + "".join(",".join(row) + "\n" for row in rows)


def linked_release(folder: Path, split: bool, means: bool = True, seed: int = SEED,
                   decimals: int = 4, rows: list[tuple[str, str, str, str]] | None = None
                   ) -> Path:
    """The release: the counts with their means in one file (``ages.csv``), or the counts and
    the means in two (``split``), and the table by age; ``means`` false: no mean printed."""
    folder.mkdir()
    rows = ages_rows(seed, decimals) if rows is None else rows
    if split:
        (folder / "counts.csv").write_text(
            "region,sex,n\n" + "".join(f"{r},{s},{n}\n" for r, s, n, _m in rows),
            encoding="utf-8")
        if means:
            (folder / "means.csv").write_text(
                "region,sex,mean_age\n" + "".join(f"{r},{s},{m}\n" for r, s, _n, m in rows),
                encoding="utf-8")
    else:
        head, tail = ("region,sex,n,mean_age\n", lambda m: f",{m}") if means else (
            "region,sex,n\n", lambda m: "")
        (folder / "ages.csv").write_text(
            head + "".join(f"{r},{s},{n}{tail(m)}\n" for r, s, n, m in rows), encoding="utf-8")
    (folder / "by_age.csv").write_text(by_age_text(), encoding="utf-8")
    return folder


def hidden_values(means: bool, seed: int = SEED, decimals: int = 4,
                  rows: list[tuple[str, str, str, str]] | None = None
                  ) -> dict[tuple[str, str], set[int]]:
    """Every hidden count's values over every release the files allow, by (file, cell): the
    printed counts as printed, the hidden ones whole (at least 1 beside a printed mean),
    every row and column of both tables adding up to its margin, the cells the two tables
    share equal, and (``means``) the North row's margin's mean its cells' means weighted by
    their counts, within the printing of the means (the only line whose every mean is
    printed). One free count, North's women, fixes the rest."""
    rows = ages_rows(seed, decimals) if rows is None else rows
    count = {(r, s): None if n == "[c]" else int(n) for r, s, n, _m in rows}
    mean = {(r, s): None if m == "[c]" else (float(m), 0.5 * 10.0 ** -len(m.partition(".")[2]))
            for r, s, _n, m in rows}
    north_total, south = count[("North", "Total")], {s: count[("South", s)] for s in OLD}
    assert north_total is not None
    found: dict[tuple[str, str], set[int]] = {}
    for women in range(north_total + 1):
        n = {("North", "F"): women, ("North", "M"): north_total - women}
        for s in OLD:
            n[("Total", s)] = n[("North", s)] + south[s]  # type: ignore[operator]
        young = {s: n[("Total", s)] - OLD[s] for s in OLD}
        if any(v < 1 for k, v in n.items() if mean[k] is not None) or \
                any(v < 0 for v in [*n.values(), *young.values()]):
            continue
        line = [("North", "F"), ("North", "M"), ("North", "Total")]
        sized = {**n, ("North", "Total"): north_total}
        if means and abs(sum(sized[k] * mean[k][0] for k in line[:-1])  # type: ignore[index]
                         - north_total * mean[line[-1]][0]) > sum(  # type: ignore[index]
                sized[k] * mean[k][1] for k in line) + 1e-9:  # type: ignore[index]
            continue
        at = {("ages", "C2"): n[("North", "F")], ("ages", "C3"): n[("North", "M")],
              ("ages", "C8"): n[("Total", "F")], ("ages", "C9"): n[("Total", "M")],
              ("by_age", "D2"): young["F"], ("by_age", "D4"): n[("Total", "F")],
              ("by_age", "D5"): young["M"], ("by_age", "D7"): n[("Total", "M")]}
        for k, v in at.items():
            found.setdefault(k, set()).add(v)
    return found


def expected_audit(means: bool, counts_in: str, seed: int = SEED, decimals: int = 4
                   ) -> dict[tuple[str, str], tuple[str, str]]:
    """The audit's findings the enumeration asks for: a hidden count of one value is SDC501
    ``fail`` (recomputed exactly), one known to be below the threshold SDC502."""
    files = {"ages": counts_in, "by_age": "by_age.csv"}
    expected = {}
    for (name, at), values in hidden_values(means, seed, decimals).items():
        if len(values) == 1:
            expected[(files[name], at)] = ("SDC501", "fail")
        elif max(values) < THRESHOLD:
            expected[(files[name], at)] = ("SDC502", "fail")
    return expected


def audit_findings(result: Any) -> dict[tuple[str, str | None], tuple[str, str]]:
    return {(f.location.path, f.location.cell): (f.rule, f.status.value)
            for f in result.findings if f.rule in ("SDC501", "SDC502")}


LINKED_POLICY = {"rules": {"small-count": {"threshold": THRESHOLD}}}


def test_the_case_needs_the_means() -> None:
    """Without the means the linked table's young women are 0 to 15 (protected); with them,
    North's women are 18 and the young women 3."""
    assert hidden_values(means=False)[("by_age", "D2")] == set(range(0, 16))
    assert hidden_values(means=True)[("by_age", "D2")] == {3}


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_a_count_the_means_give_back_leaves_a_small_cell_of_a_linked_table(
        tmp_path: Path, split: bool) -> None:
    folder = linked_release(tmp_path / "release", split)
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    counts_in = "counts.csv" if split else "ages.csv"
    expected = expected_audit(True, counts_in)
    assert expected[("by_age.csv", "D2")] == ("SDC501", "fail")
    assert audit_findings(result) == expected
    young = next(f for f in result.findings
                 if f.rule == "SDC501" and f.location.cell == "D2")
    assert young.evidence["value"] == 3
    assert "the means printed in the release give back" in young.message
    assert result.status.value == "fail"


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_without_the_means_the_linked_table_is_protected(tmp_path: Path, split: bool) -> None:
    """The control: the same release with no mean printed; the audit finds what the margins
    alone give (nothing here), as the enumeration without the means' relation does."""
    folder = linked_release(tmp_path / "release", split, means=False)
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    assert audit_findings(result) == expected_audit(False, "counts.csv" if split else "ages.csv")
    assert audit_findings(result) == {}


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_the_linked_table_streamed(tmp_path: Path, split: bool,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Read whole and streamed (the tables checked where they were read), at ``-j 1`` and
    ``-j 2``: the same report byte for byte, the streamed read checked again once the means
    bound a table whose systems were built where it was read."""
    folder = linked_release(tmp_path / "release", split)
    ways = _four_ways(folder, monkeypatch, LINKED_POLICY)
    reports = {report for report, _f, _r in ways.values()}
    assert len(reports) == 1
    assert ways[("whole", 1)][2] == 1
    assert ways[("streamed", 1)][2] == 2  # the stream restarted: read again whole
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    assert audit_findings(result) == expected_audit(True, "counts.csv" if split else "ages.csv")
