"""An output's findings held as columns, each ``Finding`` made again when it is read.

Why (issue 14 §3): a 1 MiB long table has ~1,400 findings, held from its per-output rules
(where it was read, in a ``-j`` worker or here) to the report, through the release rules and
SDC503's fork; as objects (a ``Finding``, its ``Location``, its evidence dict and texts) they
held ~1.04 MiB a table, every one a tracked object whose pages the collector and the fork
write. Here they are a few arrays and one byte string: each distinct text (rule, name,
message, path, cell, labels...) and each distinct evidence (``marshal``'s bytes) once, and a
row of small numbers a finding pointing into them. ``FindingColumns`` is a read-only
sequence of ``Finding``: reading one makes it (equal to the one packed, fields of the same
types), so the rules' and reporters' API is unchanged (``OutputResult.findings`` still gives
a list; ``sdc.results``).

Exact or not at all: a finding whose fields are not exactly what the columns give back (an
evidence value that is not a plain ``str``/``int``/``float``/``bool``/``None`` or a list,
tuple or dict of them; a related location; a subclass anywhere) is kept as it is, at its
place. An output with fewer than ``PACK_MIN`` findings is not packed at all (``packed``): it
costs little either way, and small releases run as before.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from sdc.fields_pickle import rebuilt
from sdc.results import Finding, Location, Status

PACK_MIN = 256  # findings an output must have to be held as columns (``packed``)

# a finding's row: its texts (0: None, else 1 + the text's index), its location's table
# (0: None, else 1 + the number), its evidence's keys and values (each the index of its
# ``marshal`` bytes: the keys shared by a rule's findings), its three statuses (0: None)
_TEXTS = ("rule", "name", "message", "public_message", "waiver", "declaration_kind",
          "declaration")
_PLACE = ("path", "sheet", "cell", "row_label", "column_label")
_TABLE = len(_TEXTS) + len(_PLACE)
_EVIDENCE = _TABLE + 1
_STATUS = _EVIDENCE + 2  # then cap, then status_without_declaration
WIDTH = _STATUS + 3
_CODES: tuple[Status | None, ...] = (None, Status.PASS, Status.REVIEW, Status.FAIL)
_CODE = {status: code for code, status in enumerate(_CODES)}
_SCALARS = frozenset({str, int, float, bool, type(None)})
_TABLE_MAX = 2**31 - 2


def _plain(value: Any) -> bool:
    """Whether ``marshal`` gives ``value`` back exactly (equal, and of the same types)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return False


def _text(value: Any) -> bool:
    return value is None or type(value) is str


def _packable(finding: Finding) -> bool:
    """Whether ``finding`` comes back from the columns exactly as it is."""
    loc = finding.location
    if type(finding) is not Finding or type(loc) is not Location:
        return False
    if type(finding.related) is not tuple or finding.related:
        return False  # related locations (few findings have any) stay as they are
    if type(finding.rule) is not str or type(finding.name) is not str \
            or type(finding.message) is not str or type(loc.path) is not str:
        return False
    if not all(_text(getattr(finding, name)) for name in _TEXTS) \
            or not all(_text(getattr(loc, name)) for name in _PLACE):
        return False
    if loc.table is not None and (type(loc.table) is not int
                                  or not 0 <= loc.table <= _TABLE_MAX):
        return False
    if type(finding.status) is not Status or finding.cap not in _CODE \
            or finding.status_without_declaration not in _CODE \
            or type(finding.cap) not in (Status, type(None)) \
            or type(finding.status_without_declaration) not in (Status, type(None)):
        return False
    return type(finding.evidence) is dict and _plain(finding.evidence)


def _narrow(numbers: list[int]) -> array[int]:
    """``numbers`` (none negative) in the smallest unsigned type that holds them."""
    top = max(numbers, default=0)
    code = "B" if top < 2**8 else "H" if top < 2**16 else "I" if top < 2**32 else "Q"
    return array(code, numbers)


class FindingColumns(Sequence[Finding]):
    """An output's findings as columns (see the module doc); read-only. Pickled as its
    arrays and bytes: a ``-j`` worker's findings travel as a few buffers."""

    __slots__ = ("_data", "_ends", "_kept", "_rows")

    def __init__(self, findings: Iterable[Finding]) -> None:
        index: dict[str | bytes, int] = {}
        items: list[bytes] = []
        rows: list[int] = []
        kept: dict[int, Finding] = {}

        def ref(item: str | bytes) -> int:
            got = index.get(item)
            if got is None:
                got = index[item] = len(items)
                items.append(item.encode("utf-8", "surrogatepass") if type(item) is str
                             else item)  # type: ignore[arg-type]
            return got

        for k, finding in enumerate(findings):
            if not _packable(finding):
                kept[k] = finding
                rows += [0] * WIDTH
                continue
            loc = finding.location
            for name in _TEXTS:
                value = getattr(finding, name)
                rows.append(0 if value is None else 1 + ref(value))
            for name in _PLACE:
                value = getattr(loc, name)
                rows.append(0 if value is None else 1 + ref(value))
            rows.append(0 if loc.table is None else 1 + loc.table)
            evidence = finding.evidence
            rows += (ref(marshal.dumps(tuple(evidence))),
                     ref(marshal.dumps(tuple(evidence.values()))))
            rows += (_CODE[finding.status], _CODE[finding.cap],
                     _CODE[finding.status_without_declaration])
        ends, at = [], 0
        for item in items:
            at += len(item)
            ends.append(at)
        self._data = b"".join(items)
        self._ends = _narrow(ends)
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
        return (_restored, (self._data, self._ends, self._rows, self._kept))

    def statuses(self) -> Iterator[Status]:
        """Each finding's status, in order, no finding made."""
        rows, kept = self._rows, self._kept or {}
        for k, code in enumerate(rows[_STATUS::WIDTH]):
            held = kept.get(k)
            yield held.status if held is not None else _CODES[code]  # type: ignore[misc]

    def declared(self) -> Iterator[Finding]:
        """The findings a declaration changed (``declaration_kind`` set), in order; only
        they are made."""
        rows, kept = self._rows, self._kept or {}
        marked = [k for k, code in enumerate(rows[_TEXTS.index("declaration_kind")::WIDTH])
                  if code or k in kept]
        return (f for f in self._made(marked) if f.declaration_kind is not None)

    def _made(self, places: Iterable[int]) -> Iterator[Finding]:
        """The findings at ``places``, made (a text read once per call: its findings share
        it, as the packed ones mostly did)."""
        data, ends, rows, kept = self._data, self._ends, self._rows, self._kept or {}
        texts: dict[int, str] = {}

        def text(code: int) -> str | None:
            if not code:
                return None
            got = texts.get(code)
            if got is None:
                start = ends[code - 2] if code > 1 else 0
                got = texts[code] = data[start:ends[code - 1]].decode("utf-8", "surrogatepass")
            return got

        def loaded(at: int) -> Any:
            return marshal.loads(data[ends[at - 1] if at else 0:ends[at]])

        n_texts, n_place = len(_TEXTS), len(_PLACE)
        for k in places:
            held = kept.get(k)
            if held is not None:
                yield held
                continue
            row = rows[k * WIDTH:(k + 1) * WIDTH]
            rule, name, message, public, waiver, kind, claim = map(text, row[:n_texts])
            path, sheet, cell, row_label, column_label = map(
                text, row[n_texts:n_texts + n_place])
            table = row[_TABLE] - 1 if row[_TABLE] else None
            location = rebuilt(Location, (path, sheet, cell, row_label, column_label, table))
            keys, values = row[_EVIDENCE], row[_EVIDENCE + 1]
            evidence = dict(zip(loaded(keys), loaded(values), strict=True))
            yield rebuilt(Finding, (rule, name, message, location, evidence, (),
                                    _CODES[row[_STATUS]], waiver, public,
                                    _CODES[row[_STATUS + 1]], kind, claim,
                                    _CODES[row[_STATUS + 2]]))


def _restored(data: bytes, ends: array[int], rows: array[int],
              kept: dict[int, Finding] | None) -> FindingColumns:
    made: FindingColumns = object.__new__(FindingColumns)
    made._data, made._ends, made._rows, made._kept = data, ends, rows, kept
    return made


def packed(findings: Sequence[Finding]) -> Sequence[Finding]:
    """``findings`` as columns when there are ``PACK_MIN`` or more of them, else as they
    are (already columns: as they are)."""
    if isinstance(findings, FindingColumns) or len(findings) < PACK_MIN:
        return findings
    return FindingColumns(findings)
