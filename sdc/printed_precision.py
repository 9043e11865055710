"""How precisely a number was printed: the unit of its last printed digit, and half of it.

A total printed ``2.17e+03`` says 2,170 to the nearest 10, not to six decimals: counting every
character after the point as a decimal made such a line look as if it did not add up, so a sum
table went unaudited (issue 12). Exponent notation counts its mantissa's digits and shifts by
the exponent.

The readers and derived-count checks that compare printed numbers each asked "half a unit of
the last printed digit" with a copy of the same line; they share :func:`decimals_half_unit`
now. What each does with exponent notation differs and stays its own choice: read it
(:func:`half_unit`), take it as printed (:func:`half_unit_or` with 0) or rely on no rounding
at all (with ``inf``)."""

from __future__ import annotations

import re

# a mantissa with a digit (``E06000001``, a GSS code, is none), then its exponent
_EXPONENT = re.compile(r"^[+-]?(?=\.?\d)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$")


def decimals_half_unit(text: str) -> float:
    """Half a unit of the last decimal ``text`` shows, counting every character after its
    point (``47.1`` -> 0.05, ``12`` -> 0.5). Exponent notation is not read: the caller strips
    what it must (blanks, ``%``, brackets) and decides about exponents first."""
    return 0.5 * 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)


def last_digit_unit(raw: str) -> float:
    """The unit of ``raw``'s last printed digit: ``12.50`` -> 0.01, ``1,148`` -> 1,
    ``2.17e+03`` -> 10, ``1e+05`` -> 100,000, ``2.5E-01`` -> 0.01."""
    return 2.0 * half_unit(raw)


def half_unit(raw: str) -> float:
    """Half the unit of ``raw``'s last printed digit: how far the true number may be from what
    was printed, if it was rounded (``2.17e+03`` -> 5, ``12.50`` -> 0.005, ``5.49e-07`` ->
    5e-10: the mantissa's half unit at the exponent's scale)."""
    text = raw.strip().replace(",", "")
    match = _EXPONENT.match(text)
    if match:
        mantissa = text[:match.start(3) - 1]
        # a float's range: ``1e999`` is read as inf, its unit no finer
        return decimals_half_unit(mantissa) * 10.0 ** max(-308, min(308, int(match.group(3))))
    return decimals_half_unit(text)


def half_unit_or(raw: str, exponent: float) -> float:
    """:func:`decimals_half_unit` of ``raw`` (stripped), or ``exponent`` for a number with an
    ``e`` in it, where the caller reads no rounding from the text (0: taken as printed; inf:
    nothing to rely on)."""
    text = raw.strip()
    return exponent if "e" in text.lower() else decimals_half_unit(text)


def share_half_unit(raw: str) -> float:
    """:func:`decimals_half_unit` of a share as printed, its ``%`` and blanks stripped."""
    return decimals_half_unit(raw.strip().rstrip("%").strip())


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
