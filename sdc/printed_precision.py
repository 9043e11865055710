"""How precisely a number was printed: the unit of its last printed digit.

A total printed ``2.17e+03`` says 2,170 to the nearest 10, not to six decimals: counting every
character after the point as a decimal made such a line look as if it did not add up, so a sum
table went unaudited (issue 12). Exponent notation counts its mantissa's digits and shifts by
the exponent."""

from __future__ import annotations

import re

_EXPONENT = re.compile(r"^[+-]?(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$")


def last_digit_unit(raw: str) -> float:
    """The unit of ``raw``'s last printed digit: ``12.50`` -> 0.01, ``1,148`` -> 1,
    ``2.17e+03`` -> 10, ``1e+05`` -> 100,000, ``2.5E-01`` -> 0.01."""
    text = raw.strip().replace(",", "")
    match = _EXPONENT.match(text)
    if match:
        return 10.0 ** (int(match.group(3)) - len(match.group(2) or ""))
    return 10.0 ** -len(text.partition(".")[2])


def half_unit(raw: str) -> float:
    """Half the unit of ``raw``'s last printed digit: how far the true number may be from what
    was printed, if it was rounded (``2.17e+03`` -> 5, ``12.50`` -> 0.005)."""
    return 0.5 * last_digit_unit(raw)


def is_exponent_notation(raw: str) -> bool:
    """``2.17e+03``: a number written with an exponent."""
    return _EXPONENT.match(raw.strip().replace(",", "")) is not None


def sum_rounding_spread(raws: list[str]) -> float:
    """How far the sum of numbers printed as ``raws`` may be from the sum of their true values:
    half the finest plain unit per number (the line's most decimals, as a line of one
    precision is printed), plus half its own unit for each number in exponent notation,
    whose unit can be far coarser (``2.17e+03``: 5)."""
    plain = [raw for raw in raws if not is_exponent_notation(raw)]
    spread = len(plain) * min(map(half_unit, plain), default=0.0)
    return spread + sum(half_unit(raw) for raw in raws if is_exponent_notation(raw))
