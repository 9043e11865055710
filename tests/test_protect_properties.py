"""Property tests: whatever the table, the protected result passes sdc check and the audit."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.audit import audit, system_from_array
from sdc.policy import build_policy
from sdc.protect import protect, protect_array
from sdc.protect.protection import SECONDARY

POLICY = build_policy({"rules": {"small-count": {"threshold": 5}}})

counts = st.one_of(st.integers(0, 4), st.integers(5, 40))


@st.composite
def tables(draw: st.DrawFn) -> np.ndarray:
    rows = draw(st.integers(2, 4))
    cols = draw(st.integers(2, 4))
    return np.array(draw(st.lists(st.lists(counts, min_size=cols, max_size=cols),
                                  min_size=rows, max_size=rows)))


def to_csv(inner: np.ndarray) -> str:
    rows, cols = inner.shape
    lines = ["group," + ",".join(f"c{j}" for j in range(cols)) + ",Total"]
    for i in range(rows):
        lines.append(f"r{i}," + ",".join(str(v) for v in inner[i]) + f",{inner[i].sum()}")
    lines.append("Total," + ",".join(str(v) for v in inner.sum(0)) + f",{inner.sum()}")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inner=tables(), secondary=st.sampled_from(SECONDARY))
def test_protected_csv_always_passes_check(inner, secondary):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "t.csv"
        src.write_text(to_csv(inner), encoding="utf-8")
        result = protect(src, policy=POLICY, secondary=secondary)
        result.write(Path(tmp) / "safe.csv")
        check = sdc.check(Path(tmp) / "safe.csv", POLICY)
        assert check.status is not sdc.Status.FAIL, [
            (f.rule, f.location.cell) for f in check.findings]
        assert not {f.rule for f in check.findings} & {"SDC501", "SDC502"}


@st.composite
def cubes(draw: st.DrawFn) -> np.ndarray:
    shape = tuple(draw(st.integers(2, 3)) for _ in range(3))
    flat = draw(st.lists(counts, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    inner = np.array(flat, dtype=float).reshape(shape)
    full = np.zeros(tuple(s + 1 for s in shape))
    full[tuple(slice(0, s) for s in shape)] = inner
    for axis in range(3):
        index = [slice(None)] * 3
        index[axis] = -1
        full[tuple(index)] = np.take(full, range(shape[axis]), axis=axis).sum(axis=axis)
    return full


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=cubes(), secondary=st.sampled_from(SECONDARY))
def test_protected_cube_passes_the_audit(table, secondary):
    threshold = 5
    out = protect_array(table, threshold=threshold, secondary=secondary, zeros=True)
    assert out.primary.sum() == 0 or out.suppressed[out.primary].all()
    published = out.published()
    system = system_from_array(published, margins=True)
    intervals = audit(system)
    values = table.ravel()
    for var, iv in intervals.items():
        assert not iv.exact, f"cell {np.unravel_index(var, table.shape)} is exact"
        if values[var] < threshold:
            assert iv.hi >= threshold
