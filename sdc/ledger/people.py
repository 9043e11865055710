"""People's names: one identity key for every comparison of who someone is.

The release workflow's safeguards — an author never reviews their own request, each reviewer
votes once, two reviewers must be two people — compare names. Compared as typed, ``alice`` plus a
zero-width space, Cyrillic ``alіce`` and fullwidth ``ａｌｉｃｅ`` are three strangers to
``alice``, and ``b o b`` is a second reviewer beside ``bob``. So every comparison goes through
``identity_key``:

1. NFKC (fullwidth and other compatibility forms become their plain letters);
2. remove every invisible character: whitespace, controls, format characters (zero-width
   spaces and joiners, bidi marks), variation selectors and the other default-ignorable
   code points (so ``b o b`` is ``bob``);
3. case folding, then the confusable skeleton of Unicode Technical Standard #39 (each
   character mapped to the prototype it is visually confusable with: Cyrillic ``і`` to Latin
   ``i``, digit ``1`` to ``l``).

Case folding comes first so that ``Alice`` is ``alice`` (UTS #39 alone maps a capital ``I`` to
``l``); the look-alike check in ``check_name`` also compares the skeleton taken before case
folding, so ``aIice`` (capital I) is refused beside ``alice``.

The confusables table is Unicode's ``confusables.txt`` as shipped by the maintained
``confusable-homoglyphs`` package; its JSON lists, for a source character, the one prototype it
maps to (and for a prototype, all its sources), from which the skeleton mapping is rebuilt here.

``check_name`` rejects a name whose key is empty, and a name whose key equals that of a different
known person's name as spelled (a look-alike): the ledger's people then never collide. A future web
app reuses this module for its users.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from sdc.ledger.errors import LedgerError

_LRM = "\u200e"
# Default-ignorable code points that are not in the format (Cf) category (Unicode
# DerivedCoreProperties.txt), and blank-looking letters.
_IGNORABLE_RANGES = [(0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
                     (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
                     (0xE0000, 0xE0FFF)]
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


class PersonNameError(LedgerError):
    """A name that cannot identify a person: empty once normalised, or a look-alike of another
    person's name."""


def _invisible(char: str) -> bool:
    code = ord(char)
    if char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    return any(lo <= code <= hi for lo, hi in _IGNORABLE_RANGES)


@cache
def _prototypes() -> dict[str, str]:
    """Source character -> prototype string (UTS #39 confusables.txt, single code points)."""
    from confusable_homoglyphs.confusables import confusables_data

    mapping: dict[str, str] = {}
    for char, entries in confusables_data.items():
        if len(char) != 1 or len(entries) != 1:
            continue  # a prototype lists all its sources; a source lists its one prototype
        target = entries[0]["c"].replace(_LRM, "")
        back = confusables_data.get(target, [])
        if len(back) == 1 and back[0]["c"].replace(_LRM, "") == char:
            target = min(char, target)  # two characters that only map to each other
        if target != char:
            mapping[char] = target
    return mapping


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: NFD, each character replaced by its prototype, NFD again."""
    table = _prototypes()
    out = unicodedata.normalize("NFD", text)
    for _ in range(3):  # prototypes are fixed points; a few passes settle any chain
        mapped = "".join(table.get(ch, ch) for ch in out)
        mapped = unicodedata.normalize("NFD", mapped)
        if mapped == out:
            break
        out = mapped
    return out


def strip_invisible(text: str) -> str:
    return "".join(ch for ch in text if not _invisible(ch))


def _base(name: str) -> str:
    return strip_invisible(unicodedata.normalize("NFKC", name))


def identity_key(name: str) -> str:
    """The key two names must share to be the same person (see the module doc): case folded
    first, so ``Alice`` is ``alice``."""
    text = unicodedata.normalize("NFKC", _base(name).casefold())
    return strip_invisible(skeleton(text))


def lookalike_keys(name: str) -> set[str]:
    """The identity key and the key with the skeleton taken before case folding, which also
    sees a capital ``I`` standing for an ``l`` (``aIice``)."""
    shape_first = unicodedata.normalize("NFKC", skeleton(_base(name)).casefold())
    return {identity_key(name), strip_invisible(skeleton(shape_first))}


def display_name(name: str) -> str:
    """How a name is stored and shown: NFC, surrounding whitespace removed."""
    return unicodedata.normalize("NFC", name).strip()


def check_name(name: str, known: Iterable[str] = (), *, role: str = "name") -> str:
    """``name`` as stored (``display_name``), or PersonNameError when it normalises to nothing
    or looks like a different person's name among ``known`` (spelled otherwise, same key)."""
    shown = display_name(name)
    key = identity_key(shown)
    if not key:
        raise PersonNameError(f"{role} {name!r}: empty once invisible characters and spaces are "
                              "removed")
    if strip_invisible(shown) != strip_invisible(shown.replace(" ", "")) or any(
            _invisible(ch) for ch in shown.replace(" ", "")):
        raise PersonNameError(f"{role} {name!r}: contains invisible or control characters")
    mine = lookalike_keys(shown)
    for other in known:
        if other and display_name(other) != shown and mine & lookalike_keys(other):
            raise PersonNameError(
                f"{role} {name!r} looks the same as {display_name(other)!r}, a name already in "
                f"this ledger; if that is you, type it exactly as {display_name(other)!r}")
    return shown
