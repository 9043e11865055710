"""The handbook's "publication of mean values" (ch. 5) on a two-way table: pandas'
``pivot_table(index=region, columns=sex, aggfunc=["count", "mean"], margins=True)``, counts
rounded to the nearest 5, means to two decimals. Each row (women, men, both) and each column
(the regions and their margin) is one relation between counts and means; read one at a time,
none singles East's women out, read together they leave only 9 (printed as 10). It must fail
at that cell (round 33, oracle33: ``sdc.mean_counts._joint``).

The expectations are enumerated here from the file's printed numbers: every table of whole
counts each within 2 of its printed count (at least 1), the margins their sums, and along every
row and column the margin's mean its cells' means weighted by their counts, within the
printing of the means (``tests.test_handbook_examples_means.pivot_unpicked``); and each line
alone, with its own counts only within their printing (no other line's say).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples_means import (
    BASE,
    THRESHOLD,
    pivot_release,
    pivot_unpicked,
    slack_of,
)

# (region, women, men) and the simulation's seed: a table whose lines alone leave East's women
# open, found by trying simulated tables (the test checks that it is so)
GROUPS = (("North", 12, 26), ("South", 13, 20), ("East", 9, 24))
SEED = 78
DECIMALS = 2
POLICY = {"rules": {"small-count": {"threshold": THRESHOLD},
                    "unrounded-count": {"base": BASE, "scheme": "nearest"}}}


def pivot(folder: Path, groups: tuple[tuple[str, int, int], ...] = GROUPS, seed: int = SEED,
          decimals: int = DECIMALS) -> Path:
    """The researcher's file: simulated ages, the pivot's counts rounded to the nearest 5."""
    return pivot_release(folder, groups, seed, decimals)


Key = tuple[str, str]


def line_readings(path: Path) -> tuple[list[dict[Key, set[int]]], Callable[[Key], str]]:
    """Each line of the pivot read alone: the values each of its counts may take (its members
    and margin within the rounding of their printed counts, at least 1, the margin their sum,
    the margin's mean the members' means weighted by the counts); and each count's cell."""
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    sexes, data = rows[1][1:4], rows[3:]
    regions = [r[0] for r in data]
    count = {(r[0], s): int(r[1 + i]) for r in data for i, s in enumerate(sexes)}
    mean = {(r[0], s): (float(r[4 + i]), 0.5 * 10.0 ** -len(r[4 + i].partition(".")[2]))
            for r in data for i, s in enumerate(sexes)}
    slack = slack_of("nearest")
    lines = [[(g, s) for s in sexes] for g in regions] + \
        [[(g, s) for g in regions] for s in sexes]
    readings = []
    for line in lines:
        found: dict[Key, set[int]] = {k: set() for k in line}
        for inner in itertools.product(*(range(max(1, count[k] - slack), count[k] + slack + 1)
                                         for k in line[:-1])):
            total = sum(inner)
            if abs(total - count[line[-1]]) > slack:
                continue
            n = dict(zip(line, (*inner, total), strict=True))
            gap = sum(n[k] * mean[k][0] for k in line[:-1]) - total * mean[line[-1]][0]
            if abs(gap) <= sum(n[k] * mean[k][1] for k in line) + 1e-9:
                for k in line:
                    found[k].add(n[k])
        readings.append(found)

    def cell(key: Key) -> str:
        return f"{chr(ord('B') + sexes.index(key[1]))}{regions.index(key[0]) + 4}"

    return readings, cell


def lines_alone(path: Path) -> dict[str, set[int]]:
    """Each count's values over each line through it read alone, the widest over its lines:
    what no other line narrows."""
    readings, cell = line_readings(path)
    alone: dict[Key, set[int]] = {}
    for found in readings:
        for k, values in found.items():
            if values:  # the widest a line alone leaves it (a line with none says nothing)
                alone[k] = alone.get(k, set()) | values
    return {cell(k): v for k, v in alone.items()}


def recovered(folder: Path) -> dict[str, tuple[str, int, int]]:
    result = sdc.check(folder, build_policy(POLICY))
    return {f.location.cell: (f.status.value, f.evidence["count_low"], f.evidence["count_high"])
            for f in result.findings
            if f.rule == "SDC101" and f.evidence.get("count_low") is not None}


def expected_from(path: Path) -> dict[str, tuple[str, int, int]]:
    """The counts printed at or above the threshold that every table the file allows puts
    between 1 and the threshold: ``fail`` at the cell, with the least and largest."""
    printed = {}
    for r, line in enumerate(path.read_text(encoding="utf-8").splitlines()[3:]):
        for c, text in enumerate(line.split(",")[1:4]):
            printed[f"{chr(ord('B') + c)}{r + 4}"] = int(text)
    return {at: ("fail", min(values), max(values))
            for at, values in pivot_unpicked(path).items()
            if printed[at] >= THRESHOLD and values and 1 <= min(values) <= max(values) < THRESHOLD}


def test_rows_and_columns_together_single_the_count_out(tmp_path: Path) -> None:
    path = pivot(tmp_path)
    expected = expected_from(path)
    assert expected == {"B4": ("fail", 9, 9)}  # East's women: 9, printed as 10
    alone = lines_alone(path)
    assert max(alone["B4"]) >= THRESHOLD  # no line alone singles it out
    assert recovered(tmp_path) == expected


@pytest.mark.parametrize(("groups", "seed", "decimals"), [
    ((("North", 12, 23), ("South", 9, 14), ("East", 9, 21)), 78, 2),  # two counts so
    ((("North", 7, 28), ("South", 10, 16), ("East", 9, 22)), 36, 2),  # lines alone: 8 or 9
    ((("North", 8, 23), ("South", 31, 12), ("East", 17, 26)), 1, 4),   # round 32's pivot
    ((("North", 12, 26), ("South", 13, 20), ("East", 9, 24)), 78, 0),  # whole years: none
])
def test_what_the_whole_table_gives_back(tmp_path: Path, groups: tuple[tuple[str, int, int],
                                         ...], seed: int, decimals: int) -> None:
    """Every count the whole table gives back below the threshold fails at its cell, with the
    least and largest the enumeration leaves (round 32's pivot: North's women exactly 8, where
    the lines one by one left 8 or 9); none where the means are too coarse."""
    path = pivot(tmp_path, groups, seed, decimals)
    expected = expected_from(path)
    assert bool(expected) == (decimals > 0)
    assert recovered(tmp_path) == expected


# --- a count the means give back at or above the threshold (round 33, task 1c) ---------------

CELLS = {("North", "F"): 3, ("North", "M"): 20, ("South", "F"): 22, ("South", "M"): 15}
PRIMARY = ("North", "F")  # the small count; the other three hidden to protect it


def suppressed_release(folder: Path, seed: int = 5) -> Path:
    """A long table of counts and mean ages by region and sex with its margins: the small
    count hidden with its mean (primary suppression), three more counts hidden so that no
    margin gives it back (secondary), their mean ages printed as they are."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ages = {k: rng.integers(20, 80, n) for k, n in CELLS.items()}
    rows = ["region,sex,n,mean_age"]
    for region in ("North", "South", "Total"):
        for sex in ("F", "M", "Total"):
            keys = [k for k in CELLS if region in (k[0], "Total") and sex in (k[1], "Total")]
            values = np.concatenate([ages[k] for k in keys])
            hidden = (region, sex) in CELLS
            count = "[c]" if hidden else str(len(values))
            mean = "[c]" if (region, sex) == PRIMARY else f"{values.mean():.4f}"
            rows.append(f"{region},{sex},{count},{mean}")
    path = folder / "ages.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def primary_values(path: Path) -> set[int]:
    """The primary's count over every table the file allows: the hidden counts whole and at
    least 0 (1 where a mean is printed: someone is behind it), the printed ones as printed,
    each row and column adding up to its margin, and along each line whose every cell has a
    printed mean, the margin's mean the members' means weighted by their counts, within the
    printing of the means. One free count (the primary's) fixes the 2 x 2 given the margins."""
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    count = {(r[0], r[1]): None if r[2] == "[c]" else int(r[2]) for r in rows}
    mean = {(r[0], r[1]): None if r[3] == "[c]" else
            (float(r[3]), 0.5 * 10.0 ** -len(r[3].partition(".")[2])) for r in rows}
    regions, sexes = ("North", "South"), ("F", "M")
    lines = [[(g, s) for s in (*sexes, "Total")] for g in (*regions, "Total")] + \
        [[(g, s) for g in (*regions, "Total")] for s in (*sexes, "Total")]
    found = set()
    for x in range(0, count[("North", "Total")] + 1):  # type: ignore[operator]
        n = dict(count)
        n[("North", "F")] = x
        n[("North", "M")] = count[("North", "Total")] - x  # type: ignore[operator]
        n[("South", "F")] = count[("Total", "F")] - x  # type: ignore[operator]
        n[("South", "M")] = count[("South", "Total")] - n[("South", "F")]  # type: ignore
        if any(v is None or v < (1 if mean[k] is not None else 0) for k, v in n.items()):
            continue
        if n[("Total", "M")] != n[("North", "M")] + n[("South", "M")]:
            continue
        if all(abs(sum(n[k] * mean[k][0] for k in line[:-1])  # type: ignore[index]
                   - n[line[-1]] * mean[line[-1]][0])  # type: ignore[index,operator]
               <= sum(n[k] * mean[k][1] for k in line) + 1e-9  # type: ignore[index,misc]
               for line in lines if all(mean[k] is not None for k in line)):
            found.add(x)
    return found


def test_counts_the_means_give_back_above_the_threshold_undo_a_suppression(
        tmp_path: Path) -> None:
    """The three secondary counts the means give back are 15 or more, no small counts
    themselves; but they are the margins' other members, so the primary is its row's margin
    less them: a fail at the primary's count (its interval, without the means, 0 to 23)."""
    path = suppressed_release(tmp_path)
    values = primary_values(path)
    assert values == {CELLS[PRIMARY]}
    result = sdc.check(tmp_path, build_policy({"rules": {"small-count": {
        "threshold": THRESHOLD}}}))
    got = {(f.location.cell, f.status.value, f.evidence.get("count_low"),
            f.evidence.get("count_high")) for f in result.findings if f.rule == "SDC101"}
    assert got == {("C2", "fail", min(values), max(values))}
    assert result.status.value == "fail"


def split_suppressed(path: Path) -> dict[str, str]:
    """The same release as two outputs: the counts (hidden as they were) and the means."""
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {"counts.csv": "region,sex,n\n" + "".join(f"{r[0]},{r[1]},{r[2]}\n" for r in rows),
            "means.csv": "region,sex,mean_age\n" + "".join(
                f"{r[0]},{r[1]},{r[3]}\n" for r in rows)}


def test_the_suppression_undone_by_another_outputs_means(tmp_path: Path) -> None:
    """The counts in one output, the mean ages in another: the secondaries' counts the other
    output's means give back leave the primary through its row's margin, a fail at the
    primary's count in the counts' output."""
    path = suppressed_release(tmp_path)
    values = primary_values(path)
    assert values == {CELLS[PRIMARY]}
    folder = tmp_path / "release"
    folder.mkdir()
    for name, text in split_suppressed(path).items():
        (folder / name).write_text(text, encoding="utf-8")
    result = sdc.check(folder, build_policy({"rules": {"small-count": {
        "threshold": THRESHOLD}}}))
    got = {(f.location.path, f.location.cell, f.status.value, f.evidence.get("count_low"),
            f.evidence.get("count_high")) for f in result.findings if f.rule == "SDC101"}
    assert got == {("counts.csv", "C2", "fail", min(values), max(values))}
