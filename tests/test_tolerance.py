"""``sdc.tolerance``: the one slack of "the same number computed two ways" (round 31)."""

from __future__ import annotations

import pytest

from sdc.tolerance import float_slack, same_float


@pytest.mark.parametrize(("values", "slack"), [((0.0,), 1e-9), ((0.5,), 1e-9), ((-3.0,), 3e-9),
                                               ((2.0, -8.0), 8e-9), ((1e12,), 1e3)])
def test_the_slack_is_a_billionth_of_the_largest_size_at_least_a_billionth(
        values: tuple[float, ...], slack: float) -> None:
    assert float_slack(*values) == pytest.approx(slack, rel=1e-12)


def test_same_float_is_symmetric_and_tells_a_printed_difference() -> None:
    whole = 0.1 + 0.2  # 0.30000000000000004
    assert same_float(whole, 0.3) and same_float(0.3, whole)
    assert same_float(1e12, 1e12 + 100.0)  # within a billionth
    assert not same_float(1e12, 1e12 + 2000.0)
    assert not same_float(0.0, 2e-9) and same_float(0.0, 1e-9)
