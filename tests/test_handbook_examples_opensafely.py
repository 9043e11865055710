"""OpenSAFELY's output-checking policy (its guidance on small-number suppression and
rounding: counts of 7 or fewer redacted, every other count rounded to the nearest 5), written
as the ``rules.toml`` a TRE would keep, and checked against the built-in ``opensafely``
profile and against study outputs made by that procedure from simulated counts.

The expectations follow the rules' definitions, computed here: a published count not a
multiple of 5 is SDC401; a published count between 1 and 7 is SDC101; a redacted count is
SDC501 when the published numbers pin it (its feasible interval has no width) and SDC502 when
they bound it below 8 (it is known to be small). The feasible intervals are solved here by
linear programming (scipy's HiGHS) over the table's one equation (the regions add up to the
total), each published count standing for any count its rounding may come from (a multiple
of 5 may be 4 either side of the truth: the profile does not say the rounding is to the
nearest, so any rounding by less than one base is allowed).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy

RULES_TOML = """\
# OpenSAFELY: redact counts of 7 or fewer, then round every count to the nearest 5
[rules.small-count]
threshold = 8          # 1..7 may not be published

[rules.zero-count]
status = "review"      # a zero is checked by a person (structural or not)

[rules.group-disclosure]
zero_may_hide = 7      # a redacted neighbour may hide up to 7

[rules.unrounded-count]
status = "fail"
base = 5
"""
BASE, THRESHOLD, REDACTED = 5, 8, "[REDACTED]"
SLACK = BASE - 1
TRUE = {"North": 3, "South": 103, "East": 61, "West": 6, "Wales": 48, "Scotland": 77}


def opensafely(n: int) -> str:
    """Redact 7 or fewer, else round to the nearest 5."""
    return REDACTED if n <= 7 else str(BASE * int(np.floor(n / BASE + 0.5)))


def release(counts: dict[str, int], round_total: bool = True, round_cells: bool = True
            ) -> str:
    total = sum(counts.values())
    rows = [(r, opensafely(n) if round_cells else (REDACTED if n <= 7 else str(n)))
            for r, n in counts.items()]
    rows.append(("Total", opensafely(total) if round_total else str(total)))
    return "region,count\n" + "".join(f"{r},{v}\n" for r, v in rows)


def intervals(text: str) -> dict[str, tuple[float, float]]:
    """Each redacted cell's feasible [min, max]: the regions add up to the total, each
    published multiple of 5 within 4 of the truth, any other number exact, every count >= 0."""
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    bounds = []
    for _r, v in rows:
        if v == REDACTED:
            bounds.append((0.0, None))
        else:
            n = float(v)
            bounds.append((max(0.0, n - SLACK), n + SLACK) if n % BASE == 0 else (n, n))
    a_eq = np.array([[1.0] * (len(rows) - 1) + [-1.0]])
    out = {}
    for i, (_r, v) in enumerate(rows):
        if v != REDACTED:
            continue
        c = np.zeros(len(rows))
        c[i] = 1.0
        lo = linprog(c, A_eq=a_eq, b_eq=[0.0], bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=[0.0], bounds=bounds, method="highs")
        assert lo.status == 0 and hi.status == 0
        out[f"B{i + 2}"] = (lo.fun, -hi.fun)
    return out


def expected(text: str) -> set[tuple[str, str]]:
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    found = set()
    for i, (_r, v) in enumerate(rows):
        at = f"B{i + 2}"
        if v != REDACTED and float(v) % BASE:
            found.add(("SDC401", at))
        if v != REDACTED and 1 <= float(v) < THRESHOLD:
            found.add(("SDC101", at))
    for at, (lo, hi) in intervals(text).items():
        if hi - lo < 1e-6:
            found.add(("SDC501", at))
        elif hi < THRESHOLD:
            found.add(("SDC502", at))
    return found


def test_the_rules_toml_is_the_opensafely_profile() -> None:
    mine = build_policy(tomllib.loads(RULES_TOML)).effective_params()
    profile = build_policy({}, profile="opensafely").effective_params()
    assert mine.pop("profile") == "default" and profile.pop("profile") == "opensafely"
    assert mine == profile


@pytest.mark.parametrize(("round_total", "round_cells"), [
    (True, True),    # the procedure as written: nothing to find
    (False, True),   # the total left unrounded: SDC401 at it, the redacted cells narrower
    (False, False),  # nothing rounded, only redacted: the exact total pins a lone redaction
])
def test_opensafely_outputs(tmp_path: Path, round_total: bool, round_cells: bool) -> None:
    # unrounded, a redaction alone in its line is recoverable from the exact total
    counts = TRUE if round_cells else {**TRUE, "West": TRUE["West"] + 10}
    text = release(counts, round_total, round_cells)
    want = expected(text)
    (tmp_path / "rules.toml").write_text(RULES_TOML, encoding="utf-8")
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "by_region.csv").write_text(text, encoding="utf-8")
    result = sdc.check(folder, str(tmp_path / "rules.toml"))
    got = {(f.rule, f.location.cell) for f in result.findings}
    assert got == want
    assert all(f.status.value == "fail" for f in result.findings)
    assert result.status.value == ("fail" if want else "pass")
    if round_total and round_cells:
        assert want == set()
    if not round_cells:
        assert ("SDC501", "B2") in want
