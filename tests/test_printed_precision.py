"""The half-unit helpers the readers and checks share (``sdc.printed_precision``): one formula
for "half a unit of the last printed digit", and each caller's own choice for exponent
notation kept (read it, take it as printed, or rely on no rounding). Each expected value is
worked out from the digits: half of 10 to the minus the decimals (times 10 to the exponent)."""

from __future__ import annotations

import math

import pytest

from sdc.printed_precision import (
    decimals_half_unit,
    half_unit,
    half_unit_or,
    share_half_unit,
)
from sdc.readers.coefficients import half_unit as coefficient_half_unit


@pytest.mark.parametrize(("text", "half"), [
    ("47.1", 0.05), ("12", 0.5), ("0.0044", 0.00005), ("1,148", 0.5), ("-3.25", 0.005)])
def test_the_half_unit_of_plain_decimals(text: str, half: float) -> None:
    assert decimals_half_unit(text) == pytest.approx(half)
    assert half_unit(text) == pytest.approx(half)
    assert half_unit_or(f" {text} ", math.inf) == pytest.approx(half)
    assert coefficient_half_unit(text) == pytest.approx(half)


@pytest.mark.parametrize(("raw", "half"), [
    ("5.49e-07", 5e-10), ("2.17e+03", 5.0), ("1e+05", 5e4), ("-3.2E-1", 0.005)])
def test_exponent_notation_is_read_or_not_as_each_caller_chose(raw: str, half: float) -> None:
    assert half_unit(raw) == pytest.approx(half)  # the audit's and the coefficients' reading
    assert coefficient_half_unit(raw) == pytest.approx(half)
    assert half_unit_or(raw, 0.0) == 0.0  # derived counts, long shares: as printed
    assert half_unit_or(raw, math.inf) == math.inf  # describe() bounds: no rounding


def test_an_e_that_is_no_exponent_bounds_nothing_in_a_coefficient_table() -> None:
    assert coefficient_half_unit("1.5e3x") == math.inf


@pytest.mark.parametrize(("raw", "half"), [("47.1%", 0.05), (" 47.1 % ", 0.05), ("12%", 0.5)])
def test_a_share_is_read_without_its_percent_sign(raw: str, half: float) -> None:
    assert share_half_unit(raw) == pytest.approx(half)
