"""Text a page sets apart from its neighbours (struck, deleted, annotating or displaced text):
where it meets a digit or a comparison sign it is an edge, so nothing reads the two sides as
one number or one marker (``<del>&lt;</del>3`` read as the marker ``< 3`` and passed where the
page shows a struck ``<`` and a 3); elsewhere it is a space, so labels read as before."""

from __future__ import annotations

APART = "\x01"
_SIGNS = frozenset("<>\u2264\u2265=~\u2248\u00b1")


def resolve(text: str) -> str:
    """``text`` with every :data:`APART` mark made ``|`` (beside a digit or a sign) or a space."""
    if APART not in text:
        return text
    out: list[str] = []
    last = ""  # the last character written that is not a space
    for i, ch in enumerate(text):
        if ch != APART:
            out.append(ch)
            if not ch.isspace():
                last = ch
            continue
        following = text[i + 1:].lstrip(" \t\n" + APART)[:1]
        edge = last and following and any(c.isdigit() or c in _SIGNS for c in (last, following))
        out.append("|" if edge else " ")
    return "".join(out)
