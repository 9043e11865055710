"""The ESSnet *Handbook on SDC* (sdcTools edition), ch. 5, "Publication of mean values": counts
protected by a non-additive method (the cell key method, or rounding) published beside the
*original* means give the original counts back. Two cells of 8 and 12 people (margin 20)
published with counts within 2 of the truth and their exact mean ages: only one combination
of counts makes the cells' sums add up to the margin's, 8 and 12.

Rebuilt as a researcher's file under a TRE's policy that rounds counts to base 5 (the same
doubt of +-2 as the handbook's perturbation) with a threshold of 10: the published 10 of the
first cell stands for 8 to 12, so the rounded count alone is no small count; the means give 8
away. The attack is computed here by enumeration. sdc does not unpick counts through means
(docs/decisions.md, round 31): the file is ``review`` (the means carry no contribution
evidence: SDC203), never ``pass``; a table made with ``sdc.crosstab`` carries its true units
in its sidecar and is checked on those.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import sdc
from sdc.policy import build_policy

BASE = 5
THRESHOLD = 10
TRUE_COUNTS = (8, 12)
AGE_SUMS = (90.0, 95.0)  # the handbook's sums of ages of the two cells


def nearest(n: int) -> int:
    return BASE * math.floor(n / BASE + 0.5)


def possible(published: int) -> range:
    """The true counts conventional rounding to the base publishes as ``published``."""
    return range(max(0, published - (BASE - 1) // 2), published + BASE // 2 + 1)


def printed(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def release_text() -> str:
    total = sum(TRUE_COUNTS)
    means = [s / n for s, n in zip(AGE_SUMS, TRUE_COUNTS, strict=True)]
    rows = [("Young", nearest(TRUE_COUNTS[0]), means[0]),
            ("Old", nearest(TRUE_COUNTS[1]), means[1]),
            ("Total", nearest(total), sum(AGE_SUMS) / total)]
    return "group,n,mean_age\n" + "".join(f"{g},{n},{printed(m)}\n" for g, n, m in rows)


def unpicked(text: str) -> set[tuple[int, ...]]:
    """Every combination of true counts the published rounded counts and printed means
    allow: each count within the rounding of its published one, the total their sum, and
    the cells' sums of ages (count x mean) adding up to the total's, within the printing of
    the means (half a unit of the fourth decimal per mean, times its count)."""
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    counts, means = [int(r[1]) for r in rows], [float(r[2]) for r in rows]
    half = 0.5e-4
    found = set()
    for inner in itertools.product(*(possible(c) for c in counts[:-1])):
        total = sum(inner)
        if total not in possible(counts[-1]) or 0 in inner:
            continue
        gap = abs(sum(n * m for n, m in zip(inner, means, strict=False)) - total * means[-1])
        if gap <= half * (sum(inner) + total):
            found.add(inner)
    return found


def test_the_means_give_the_rounded_counts_back() -> None:
    text = release_text()
    assert unpicked(text) == {TRUE_COUNTS}
    assert int(text.splitlines()[1].split(",")[1]) >= THRESHOLD > TRUE_COUNTS[0]


def test_rounded_counts_beside_exact_means_are_never_passed(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "ages.csv").write_text(release_text(), encoding="utf-8")
    policy = build_policy({"rules": {"small-count": {"threshold": THRESHOLD},
                                     "unrounded-count": {"base": BASE, "scheme": "nearest"}}})
    result = sdc.check(folder, policy)
    assert result.status.value == "review"
    assert not [f for f in result.findings if f.rule == "SDC101"]  # 10, 10, 20 as published
    assert {f.rule for f in result.findings} == {"SDC203"}
