"""The audit's ray shortcut (issue 14 §3): an end point settled as infinite because every
equation holding the cell has a free partner of its own (a line without a published total,
whose virtual total absorbs any increase) is what the linear program says, on random systems;
and it saves the programs on a long table without totals."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.audit import AuditStats, LinearSystem, audit, audit_naive
from sdc.audit.solve import _Component


@st.composite
def systems(draw: st.DrawFn) -> LinearSystem:
    """Lines of a few cells, some published, some hidden, each with a published total, a free
    (virtual) total or none; cells shared between lines; some bounds loosened."""
    n_cells = draw(st.integers(2, 9))
    values = [draw(st.integers(0, 20)) for _ in range(n_cells)]
    hidden = [draw(st.booleans()) for _ in range(n_cells)]
    lower = [0.0 if h else float(v) for v, h in zip(values, hidden, strict=True)]
    upper = [np.inf if h else float(v) for v, h in zip(values, hidden, strict=True)]
    for i in range(n_cells):
        if hidden[i] and draw(st.integers(0, 4)) == 0:
            lower[i] = -np.inf  # a net sum: unbounded below too
        if hidden[i] and draw(st.integers(0, 4)) == 0:
            upper[i] = float(values[i] + draw(st.integers(0, 5)))  # a known upper limit
    equations: list[tuple[dict[int, float], float]] = []
    n_vars = n_cells
    for _ in range(draw(st.integers(1, 6))):
        members = draw(st.lists(st.integers(0, n_cells - 1), min_size=1, max_size=4,
                                unique=True))
        total_kind = draw(st.sampled_from(["published", "virtual", "virtual", "shared"]))
        coefs = {m: draw(st.sampled_from([1.0, 1.0, -1.0, 2.0])) for m in members}
        if total_kind == "published":
            equations.append((coefs, float(sum(c * values[m] for m, c in coefs.items()))))
            continue
        if total_kind == "shared" and n_vars > n_cells:  # a virtual total in two lines
            v = draw(st.integers(n_cells, n_vars - 1))
        else:
            v = n_vars
            n_vars += 1
            lower.append(draw(st.sampled_from([0.0, 0.0, -np.inf])))
            upper.append(np.inf)
        coefs[v] = coefs.get(v, 0.0) - 1.0
        rhs = float(sum(c * values[m] for m, c in coefs.items() if m < n_cells))
        equations.append((coefs, rhs if draw(st.booleans()) else 0.0))
    targets = [i for i in range(n_cells) if hidden[i]]
    return LinearSystem(n_vars, equations, np.array(lower), np.array(upper), targets)


def _ends(result: dict) -> dict:
    # as text, so that an interval the audit leaves as NaN compares equal to itself
    return {k: (repr(round(v.lo, 6)), repr(round(v.hi, 6)), v.exact) for k, v in result.items()}


def _audit_without_rays(system: LinearSystem) -> dict:
    _Component.use_rays = False
    try:
        return audit(system)
    finally:
        _Component.use_rays = True


# 120 systems a run (was 300: the suite's CI time); hypothesis draws new ones every run
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_rays_agree_with_the_programs(system: LinearSystem) -> None:
    try:
        want = _audit_without_rays(system)
    except Exception as exc:  # infeasible systems must stay infeasible
        try:
            audit(system)
        except type(exc):
            return
        raise AssertionError(f"the shortcut hid {exc!r}") from exc
    assert _ends(audit(system)) == _ends(want)
    assert _ends(want) == _ends(audit_naive(system))


def test_a_line_without_total_is_open_above_without_a_program() -> None:
    """Two hidden cells in lines whose only totals are free virtual ones: both maxima are
    infinite by rays (no program per end point), minima 0 as the programs say."""
    # x0 + x1 + 5 = v3; x0 + x2 = v4; published x2 = 4
    inf = np.inf
    system = LinearSystem(5, [({0: 1.0, 1: 1.0, 3: -1.0}, -5.0),
                              ({0: 1.0, 2: 1.0, 4: -1.0}, 0.0)],
                          np.array([0, 0, 4, 0, 0.0]), np.array([inf, inf, 4, inf, inf]), [0, 1])
    stats = AuditStats()
    got = audit(system, stats=stats)
    assert {k: (v.lo, v.hi) for k, v in got.items()} == {0: (0, np.inf), 1: (0, np.inf)}
    assert stats.by_ray == 2
    assert _ends(got) == _ends(audit_naive(system))


def test_a_cell_is_not_its_own_partner() -> None:
    """x0 + x1 = 5 and x1 + x3 = v (a free virtual total), x0 unbounded both ways, 0 <= x1 <= 3:
    x0 is in one equation only and could move without bound downwards, but nothing balances
    its rise: 2 <= x0 <= 5; x3 has a ray (so the programs of the sums say nothing)."""
    system = LinearSystem(4, [({0: 1.0, 1: 1.0}, 5.0), ({1: 1.0, 3: 1.0, 2: -1.0}, 0.0)],
                          np.array([-np.inf, 0.0, 0.0, 0.0]),
                          np.array([np.inf, 3.0, np.inf, np.inf]), [0, 3])
    stats = AuditStats()
    got = audit(system, stats=stats)
    assert (got[0].lo, got[0].hi) == (2.0, 5.0)
    assert (got[3].lo, got[3].hi) == (0.0, np.inf) and stats.by_ray == 1
    assert _ends(got) == _ends(audit_naive(system))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 7), st.integers(1, 9), st.data())
def test_surely_outside_is_outside_the_row_space(r: int, k: int, data: st.DataObject) -> None:
    """Every column the pattern rule calls outside is outside by a dense QR (never a member),
    on random sparse equations; and it finds the virtual totals of a line with no total."""
    import scipy.sparse as sp

    from sdc.audit.rank import _qr_row_space, surely_outside

    dense = np.array(data.draw(st.lists(st.lists(st.sampled_from([0, 0, 0, 1, -1, 2]),
                                                 min_size=k, max_size=k),
                                        min_size=r, max_size=r)), dtype=float)
    a = sp.csr_matrix(dense)
    *_, leverage = _qr_row_space(dense.T)
    members = leverage > 1 - 1e-9
    assert not (surely_outside(a) & members).any()


def test_surely_outside_on_lines_without_totals() -> None:
    """x0 + x1 = v2 and x0 + x3 = v4 (virtual totals): all five columns are outside."""
    import scipy.sparse as sp

    from sdc.audit.rank import surely_outside

    a = sp.csr_matrix(np.array([[1, 1, -1, 0, 0], [1, 0, 0, 1, -1]], dtype=float))
    assert surely_outside(a).all()
    b = sp.csr_matrix(np.array([[1, 1, -1]], dtype=float))  # x0 + x1 = x2, nothing private...
    assert surely_outside(b).all()  # ...except that each is alone in its one equation
    c = sp.csr_matrix(np.array([[1, 0], [1, 1]], dtype=float))  # x0 = b0 determines x0, x1
    assert not surely_outside(c).any()


def test_hidden_counts_bounded_by_zero_alone_share_one_interval() -> None:
    """``[0, inf)`` is one shared interval (frozen, no derivation), equal to what each cell
    had; other lower ends and finite upper ends each their own."""
    import math

    from sdc.audit import Interval
    from sdc.audit.solve import _lp_interval

    a, b = _lp_interval(0.0, np.inf), _lp_interval(1e-12, np.inf)  # snapped to 0.0
    assert a is b and a == Interval(0.0, math.inf, exact=False)
    assert a.derivation is None and a.combination is None and not a.exact
    assert math.copysign(1.0, a.lo) == 1.0
    minus = _lp_interval(-0.0, np.inf)  # snapped to +0.0 as before (round): the same
    assert minus is a and math.copysign(1.0, minus.lo) == 1.0
    for lo, hi in [(1.0, np.inf), (-np.inf, np.inf), (0.0, 5.0), (-np.inf, 0.0)]:
        got = _lp_interval(lo, hi)
        assert got is not a and (got.lo, got.hi) == (lo, hi)
    # a system's two free hidden cells: the same interval object, the same values
    free = LinearSystem(n_vars=2, lower=np.zeros(2), upper=np.full(2, np.inf), suppressed=[0, 1])
    got = audit(free)
    assert got[0] is got[1] and (got[0].lo, got[0].hi, got[0].exact) == (0.0, math.inf, False)
