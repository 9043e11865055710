"""An output's findings held as columns, each ``Finding`` made again when it is read.

Why (issue 14 §3): a 1 MiB long table has ~1,400 findings, held from its per-output rules
(where it was read, in a ``-j`` worker or here) to the report, through the release rules and
SDC503's fork; as objects (a ``Finding``, its ``Location``, its evidence dict and texts) they
held ~1.04 MiB a table, every one a tracked object whose pages the collector and the fork
write. Here they are a few arrays, one text and one byte string: each distinct text (rule,
name, message, path, cell, labels...) once, each distinct evidence's keys and values once
(``marshal``'s bytes), and a row of small numbers a finding pointing into them.
``FindingColumns`` is a read-only sequence of ``Finding``: reading one makes it (equal to the
one packed, fields of the same types), so the rules' and reporters' API is unchanged
(``OutputResult.findings`` still gives a list; ``sdc.results``); the JSON report's dicts are
made from the columns (``dicts``).

Exact or not at all: a finding whose fields are not exactly what the columns give back (an
evidence value that is not a plain ``str``/``int``/``float``/``bool``/``None`` or a list,
tuple or dict of them; a related location; a subclass anywhere) is kept as it is, at its
place. An output with fewer than ``PACK_MIN`` findings is not packed at all (``packed``): it
costs little either way, and small releases run as before.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any, overload

from sdc.fields_pickle import rebuilt
from sdc.results import Finding, Location, Status

PACK_MIN = 256  # findings an output must have to be held as columns (``packed``)

# a finding's row: its texts and its location's (0: None, else 1 + the text's index), its
# location's table (0: None, else 1 + the number), its evidence's keys and values (each the
# index of its ``marshal`` bytes: a rule's findings share their keys), its three statuses
_TEXTS = ("rule", "name", "message", "public_message", "waiver", "declaration_kind",
          "declaration")
_PLACE = ("path", "sheet", "cell", "row_label", "column_label")
_TABLE = len(_TEXTS) + len(_PLACE)
_EVIDENCE = _TABLE + 1
_STATUS = _EVIDENCE + 2  # then cap, then status_without_declaration
WIDTH = _STATUS + 3
_DECLARED = _TEXTS.index("declaration_kind")
_CODES: tuple[Status | None, ...] = (None, Status.PASS, Status.REVIEW, Status.FAIL)
# by identity: an equal ``str`` ("fail" == Status.FAIL) is no status here
_CODE_OF = {id(status): code for code, status in enumerate(_CODES)}
_VALUES = tuple(status and status.value for status in _CODES)  # each one's JSON text
_FLAT = frozenset({str, int, float, bool, type(None)})
_TEXT_TYPES = frozenset({str, type(None)})
_TABLE_MAX = 2**31 - 2
_texts_of: Callable[[Any], tuple[Any, ...]] = attrgetter(*_TEXTS)
_place_of: Callable[[Any], tuple[Any, ...]] = attrgetter(*_PLACE)


def _plain(value: Any) -> bool:
    """Whether ``marshal`` gives ``value`` back exactly (equal, and of the same types): the
    plain scalars and lists, tuples and dicts of them (numpy's scalars, enums, sets and
    every subclass are not)."""
    kind = type(value)
    if kind in _FLAT:
        return True
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return False


def _narrow(numbers: list[int]) -> array[int]:
    """``numbers`` (none negative) in the smallest unsigned type that holds them."""
    top = max(numbers, default=0)
    code = "B" if top < 2**8 else "H" if top < 2**16 else "I" if top < 2**32 else "Q"
    return array(code, numbers)


def _ends(items: list[Any]) -> array[int]:
    ends, at = [], 0
    for item in items:
        at += len(item)
        ends.append(at)
    return _narrow(ends)


class _Packer:
    """The tables a ``FindingColumns`` is made with: each distinct text and ``marshal``
    blob once, by index."""

    def __init__(self) -> None:
        self.texts: dict[str | None, int] = {None: 0}  # text -> 1 + its index; None -> 0
        self.keys: dict[tuple[str, ...], int] = {}  # an evidence's keys -> its blob
        self.blobs: dict[bytes, int] = {}

    def blob(self, value: bytes) -> int:
        code = self.blobs.get(value)
        if code is None:
            code = self.blobs[value] = len(self.blobs)
        return code

    def row(self, finding: Finding) -> list[int] | None:
        """``finding``'s row, None when it would not come back exactly."""
        if type(finding) is not Finding:
            return None
        loc = finding.location
        if type(loc) is not Location or type(finding.related) is not tuple or finding.related:
            return None  # related locations (few findings have any) stay as they are
        values = _texts_of(finding) + _place_of(loc)
        if not _TEXT_TYPES.issuperset(map(type, values)):
            return None  # (an equal str subclass would be found as the str below)
        texts = self.texts
        row: list[int] = list(map(texts.get, values))  # type: ignore[arg-type]
        if None in row:  # texts not seen before
            for k, code in enumerate(row):
                if code is None:
                    code = texts.get(values[k])  # (twice in this finding)
                    if code is None:
                        code = texts[values[k]] = len(texts)
                    row[k] = code
        table = loc.table
        if table is None:
            row.append(0)
        elif type(table) is int and 0 <= table <= _TABLE_MAX:
            row.append(table + 1)
        else:
            return None
        evidence = finding.evidence
        if type(evidence) is not dict:
            return None
        keys = tuple(evidence)
        named = self.keys.get(keys)  # (only tuples of plain ``str`` are ever in it)
        if named is None:
            if not all(type(key) is str for key in keys):
                return None
            named = self.keys[keys] = self.blob(marshal.dumps(keys))
        data = tuple(evidence.values())
        if not _FLAT.issuperset(map(type, data)) and not _plain(data):
            return None
        row += (named, self.blob(marshal.dumps(data)))
        for status in (finding.status, finding.cap, finding.status_without_declaration):
            got = _CODE_OF.get(id(status))
            if got is None:
                return None
            row.append(got)
        return row


class FindingColumns(Sequence[Finding]):
    """An output's findings as columns (see the module doc); read-only. Pickled as its
    arrays, one text and one byte string: a ``-j`` worker's findings travel as a few
    buffers, loaded with no object a finding."""

    __slots__ = ("_blob_ends", "_blobs", "_kept", "_rows", "_text_ends", "_texts")

    def __init__(self, findings: Iterable[Finding]) -> None:
        packer = _Packer()
        rows: list[int] = []
        kept: dict[int, Finding] = {}
        for k, finding in enumerate(findings):
            row = packer.row(finding)
            if row is None:
                kept[k] = finding
                row = [0] * WIDTH
            rows += row
        texts = [text for text in packer.texts if text is not None]  # (in code order)
        blobs = list(packer.blobs)
        self._texts, self._text_ends = "".join(texts), _ends(texts)
        self._blobs, self._blob_ends = b"".join(blobs), _ends(blobs)
        self._rows = _narrow(rows)
        self._kept = kept or None

    def __len__(self) -> int:
        return len(self._rows) // WIDTH

    @overload
    def __getitem__(self, i: int) -> Finding: ...

    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...

    def __getitem__(self, i: int | slice) -> Finding | list[Finding]:
        if isinstance(i, slice):
            return list(self._made(range(len(self))[i]))
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("finding index out of range")
        return next(self._made((i,)))

    def __iter__(self) -> Iterator[Finding]:
        return self._made(range(len(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (self._texts, self._text_ends, self._blobs, self._blob_ends,
                            self._rows, self._kept))

    def statuses(self) -> Iterator[Status]:
        """Each finding's status, in order, no finding made."""
        kept = self._kept or {}
        for k, code in enumerate(self._rows[_STATUS::WIDTH]):
            held = kept.get(k)
            yield held.status if held is not None else _CODES[code]  # type: ignore[misc]

    def declared(self) -> Iterator[Finding]:
        """The findings a declaration changed (``declaration_kind`` set), in order; only
        they are made."""
        kept = self._kept or {}
        marked = [k for k, code in enumerate(self._rows[_DECLARED::WIDTH])
                  if code or k in kept]
        return (f for f in self._made(marked) if f.declaration_kind is not None)

    def dicts(self, *, with_evidence: bool = True) -> list[dict[str, Any]]:
        """``[f.to_dict(with_evidence=...) for f in self]``, made from the columns with no
        ``Finding`` made (the JSON report of a release's findings, an output at a time)."""
        kept = self._kept or {}
        made = []
        values = self._blob_list()
        for k, (rule, name, message, public, waiver, kind, claim, path, sheet, cell,
                row_label, column_label, table, keys, at, status, _, before) in \
                enumerate(self._columns(range(len(self)), _VALUES)):
            if kept and k in kept:
                made.append(kept[k].to_dict(with_evidence=with_evidence))
                continue
            location = {"path": path, "sheet": sheet, "cell": cell, "row_label": row_label,
                        "column_label": column_label}
            if table:
                location["table"] = table - 1
            data = {"rule": rule, "name": name, "status": status,
                    "message": message if with_evidence else (public or message),
                    "location": location, "related": []}
            if with_evidence:  # (a JSON document's: its values shared by equal evidence)
                data["evidence"] = dict(zip(values[keys], values[at], strict=True))
            if waiver is not None:
                data["waiver"] = waiver
            if kind is not None:
                declared = {"kind": kind, "from": before or status, "to": status}
                if with_evidence:
                    declared["claim"] = claim
                data["declaration"] = declared
            made.append(data)
        return made

    def _text_list(self) -> list[str | None]:
        """Every text, cut once, by code (0: None)."""
        texts, ends = self._texts, self._text_ends
        return [None, *(texts[a:b] for a, b in zip(chain((0,), ends), ends, strict=False))]

    def _text_cutter(self) -> Callable[[int], str | None]:
        """A text by code, each cut when first asked for (0: None)."""
        texts, ends = self._texts, self._text_ends
        cut: dict[int, str | None] = {0: None}

        def text(code: int) -> str | None:
            if code not in cut:
                cut[code] = texts[ends[code - 2] if code > 1 else 0:ends[code - 1]]
            return cut[code]

        return text

    def _blob_list(self) -> list[Any]:
        """Every blob, loaded once, by index."""
        blobs, ends = self._blobs, self._blob_ends
        return [marshal.loads(blobs[a:b]) for a, b in zip(chain((0,), ends), ends, strict=False)]

    def _columns(self, places: Sequence[int], codes: Sequence[Any] = _CODES
                 ) -> Iterator[tuple[Any, ...]]:
        """The rows at ``places`` (a ``range`` of them, or a few): each finding's texts and
        its location's, its table code, its evidence's keys and values blobs, its status, cap
        and status before a declaration, each as ``codes`` gives it (a kept finding's row:
        Nones, zeros)."""
        rows = self._rows
        if not isinstance(places, range) or places.step != 1:
            rows = array(rows.typecode, chain.from_iterable(
                rows[k * WIDTH:(k + 1) * WIDTH] for k in places))
        else:
            rows = rows[places.start * WIDTH:places.stop * WIDTH]
        if len(places) * _TABLE < len(self._text_ends):  # a few: only their texts cut
            texts = self._text_cutter()
        else:
            texts = self._text_list().__getitem__
        coded = codes.__getitem__
        return zip(*(map(texts, rows[j::WIDTH]) for j in range(_TABLE)),
                   *(rows[j::WIDTH] for j in range(_TABLE, _STATUS)),
                   *(map(coded, rows[j::WIDTH]) for j in range(_STATUS, WIDTH)), strict=True)

    def _made(self, places: Sequence[int]) -> Iterator[Finding]:
        """The findings at ``places``, made (each its own evidence, loaded for it)."""
        if not places:
            return
        kept = self._kept or {}
        blobs, ends = self._blobs, self._blob_ends
        keys_of: dict[int, Any] = {}
        for k, (rule, name, message, public, waiver, kind, claim, path, sheet, cell,
                row_label, column_label, table, keys, at, status, cap, before) in \
                zip(places, self._columns(places), strict=True):
            if kept and k in kept:
                yield kept[k]
                continue
            names = keys_of.get(keys)
            if names is None:
                names = keys_of[keys] = marshal.loads(blobs[ends[keys - 1] if keys else 0:
                                                            ends[keys]])
            evidence = dict(zip(names, marshal.loads(blobs[ends[at - 1] if at else 0:ends[at]]),
                                strict=True))
            location = rebuilt(Location, (path, sheet, cell, row_label, column_label,
                                          table - 1 if table else None))
            yield rebuilt(Finding, (rule, name, message, location, evidence, (), status,
                                    waiver, public, cap, kind, claim, before))


def _restored(texts: str, text_ends: array[int], blobs: bytes, blob_ends: array[int],
              rows: array[int], kept: dict[int, Finding] | None) -> FindingColumns:
    made: FindingColumns = object.__new__(FindingColumns)
    made._texts, made._text_ends, made._blobs, made._blob_ends = (texts, text_ends, blobs,
                                                                  blob_ends)
    made._rows, made._kept = rows, kept
    return made


def packed(findings: Sequence[Finding]) -> Sequence[Finding]:
    """``findings`` as columns when there are ``PACK_MIN`` or more of them, else as they
    are (already columns, or a bug packing them: as they are)."""
    if isinstance(findings, FindingColumns) or len(findings) < PACK_MIN:
        return findings
    try:
        return FindingColumns(findings)
    except Exception:  # (an evidence that nests past the recursion limit...): held as objects
        return findings
