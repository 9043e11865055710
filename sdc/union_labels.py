"""A whole read by its cells' labels, whatever its dimensions are called (rounds 40 and 41).

Round 40 (union40b) read a count table as the total of other tables' rows when, leaving out
the dimensions it prints margins only along, each of its cells has one label, exactly the
labels the part tables' rows print on their one other dimension (``group,F,M,Total /
All,111,...`` beside ``region,F,M,Total`` tables). Round 41 (union41) reads a dimension that
is **constant over a table** (every cell a category with one label: ``age`` ``18-64`` in a
table of one age band) as the label of the population the table counts, not as one of its
dimensions: per-age region tables split over files (``age,region,F,M,Total`` of ``18-64`` in
``a.csv`` and ``b.csv``) are parts of an ``18-64`` whole whatever the whole calls the band
(``band``), of a whole that prints no age (``group / All``, ``region / Total``: the rows'
population is the whole's, at least), and parts without an age are parts of a whole of one
age band. A whole whose cells keep two labels (``age,F,M,Total / 18-64,... / 65+,...``, or
long ``age,sex,n``) is read per category of one of them against the part tables that carry
that category as their constant label (its margin along it, ``Total``, against every
band's). Only the labels the researcher chose and the file split differ from a release of
one file, which fails; they must never turn a ``fail`` into a ``pass``.

Which tables are parts of a whole (its *stratum*: its constant labels, folded, names left
out as union40b leaves the columns' name out): every table whose stratum holds the whole's
(a whole read per category: only those) or is held by it, whose rows print the whole's
labels and no other but a total (a long ``age,sex,n`` whole prints no ``Total``). The
equation is union40b's: parts + remainder = whole, remainder >= 0; a wrong reading
contradicts (dropped, or round 40's single drops, or SDC402 ``review``) or over-``fail``s,
never ``pass``es.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sdc.union_totals import (
    MIN_COLUMNS,
    UnionTotal,
    _fold,
    _n_cells,
    _own_rows,
    _OwnRows,
    _read_wholes,
    _Rows,
)

if TYPE_CHECKING:
    from sdc.linking import TableSystem

_Key = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Whole:
    """Cells of table ``table`` read as one whole each: ``labels`` (variable -> its one
    label), of population ``stratum``; ``split``: the stratum holds a category the table
    prints besides (parts must carry it); ``names``: the table's category dimensions (a part
    along one of them is no part)."""

    table: int
    labels: dict[int, _Key]
    stratum: frozenset[str]
    split: bool
    names: frozenset[str]
    per_category: bool = False  # one of a table's wholes read per category (its margin too)
    # its stratum holds a one-column header that may be a measure's name (``2020``): its
    # unions are weak links (a finding through them ``review``, round 43)
    weak: bool = False


@dataclass(frozen=True)
class _Part:
    """Table ``table``'s rows of dimension ``dim`` by their one other label, of population
    ``stratum`` (its labels constant over those rows)."""

    table: int
    dim: str
    rows: _Rows
    stratum: frozenset[str]
    # along a split's third printed in the columns (round 46): named by no header, and it
    # may print no margin the whole prints (its total column), which it then adds nothing to
    third: bool = False


_MARGIN: set[_Key] = {(("", ""),)}  # a whole's margin (its ``Total``), by its one label

# varying dimensions from which a whole is read per combination of carried labels: three
# (round 47, ``year`` x ``age`` x the sexes), four or five (round 48), any number more
# (round 49: ``MAX_VARYING`` 5 gave up on six silently, and the release passed); how many a
# release reads is its split wholes' most (``_Deep.most``), so no table varying on more is
# read cell by cell for it, nor fewer than round 48's five (every release read as before)
DEEP_FROM = 3
LEAST_MOST = 5


@dataclass(frozen=True)
class _Deep:
    """The labels a whole of three to five varying dimensions is read per combination of
    (round 47, round 48 past three:
    ``year,age,F,M,Total`` beside parts ``year,age,region,F,M,Total`` split over files), kept
    apart from the two-dimensional reading's bands so that no table read before is read
    otherwise; ``weak``: those only a weak split gave (a finding through them ``review``)."""

    carried: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()
    # the most varying dimensions of a whole some split was found for (round 49): wholes are
    # read per combination up to it, parts' rows under as many labels
    most: int = LEAST_MOST


def label_unions(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str],
                 done: set[tuple[int, int]], own_rows: _OwnRows,
                 memo: tuple[dict[int, dict[int, float]], dict[tuple[int, int], bool]]
                 ) -> list[UnionTotal]:
    """The unions whose whole is read by its cells' labels (the module's docstring): each
    whole's cells as the total over its parts' rows under the same label, in each set of
    agreeing part tables (``_read_wholes``); wholes ``done`` are left."""
    counts = [k for k in sorted(pops) if sole_count(systems[k])]
    strong, weak, alias, columns, deep = _split_bands(systems, counts, pops)
    carried = _carried_labels(systems, counts) | strong
    weak -= carried
    carried |= weak
    headers = {kw: _header_band(systems[kw]) for kw in counts}
    wholes = [headed for kw in counts
              for whole in _wholes(systems[kw], kw, carried, weak, deep)
              for headed in _headed(systems[kw], whole, headers[kw])]
    if not wholes:
        return []
    plain = {whole.table for whole in wholes if not whole.stratum and not whole.per_category}
    least = min(len(whole.labels) for whole in wholes)
    # a part may print a total the whole does not (long ``age,sex,n`` beside ``F,M,Total``)
    labels_met = {label for whole in wholes for ((_, label),) in whole.labels.values()} | {""}
    # the categories wholes are read per: a part table of one more varying dimension is
    # read per category of it (``age,region`` of two bands beside a ``18-64`` whole)
    # or carried as a constant label by some table (a whole of every band: ``group / All``)
    bands = carried | {label for whole in wholes if whole.split for label in whole.stratum}
    bands |= {band for whole in wholes if (band := headers[whole.table])}
    parts: list[_Part] = []
    for k in counts:
        if k in plain or _n_cells(systems[k]) < least:
            continue  # (a whole of union40b's is no part, as there)
        parts.extend(_parts(systems[k], k, labels_met, own_rows, bands,
                            [dim for kc, dim in columns if kc == k], deep))
    found: list[UnionTotal] = []
    for whole in wholes:
        key = set(whole.labels.values())
        by_dim: dict[str, list[_Part]] = defaultdict(list)
        for part in parts:
            if (part.table != whole.table and pops[part.table] == pops[whole.table]
                    and (part.third or part.dim not in whole.names)
                    and (key - _MARGIN if part.third else key) <= part.rows.keys()
                    and all(label == (("", ""),) or label in key for label in part.rows)
                    and _of_stratum(whole, part)):
                by_dim[part.dim].append(part)
        groups = [*by_dim.values(), *_aliased(by_dim, alias)]
        for chosen in [*groups, *(each for group in groups
                                  for each in _each_summed(whole, group, deep))]:
            read = _read_wholes(systems, whole.table, whole.labels, _by_table(chosen), combos,
                                done, memo)
            # parts along dimensions of two names (``region``, ``area``), or along a third
            # printed in the columns: weak links
            weak_read = whole.weak or len({part.dim for part in chosen}) > 1 or any(
                part.third for part in chosen)
            found.extend(replace(union, weak=True) if weak_read else union for union in read)
    return found


def _each_summed(whole: _Whole, chosen: list[_Part], deep: _Deep) -> list[list[_Part]]:
    """Round 47: the parts of a whole that prints no ``year`` its parts carry (``age,F,M,
    Total`` beside parts of 2020 and 2021), each year's alone, besides all of them (the
    whole as their sum): a whole of one year alone that does not say so (2020's) contradicts
    the sum and 2021's, which the audit leaves out, and is read as 2020's. Only where the
    parts carry two such labels or more (none read so before round 47)."""
    if not deep.carried:
        return []
    by_extra: dict[frozenset[str], list[_Part]] = defaultdict(list)
    for part in chosen:
        by_extra[(part.stratum - whole.stratum) & deep.carried].append(part)
    if len(by_extra) < 2 or frozenset() in by_extra:
        return []
    return list(by_extra.values())


def _aliased(by_dim: dict[str, list[_Part]], alias: dict[str, str]) -> list[list[_Part]]:
    """The parts along dimensions named alike by a weak split (``region`` and ``area``), each
    such set of two names or more as one more group: read besides each name's own group (as
    before), never instead of it, so a strong reading is never made weak."""
    merged: dict[str, list[_Part]] = defaultdict(list)
    for dim, chosen in by_dim.items():
        if dim in alias:
            merged[alias[dim]].extend(chosen)
    return [chosen for chosen in merged.values() if len({part.dim for part in chosen}) > 1]


def _header_band(ts: TableSystem) -> str | None:
    """The (folded) one-column header of a count table when it is a band or a period
    (``sex,18-64 / F,111 / M,132``): the label of the population the table counts, its
    constant dimension, as ``age,F,M,Total / 18-64`` prints it (round 43). A bare year
    (``2020``) is given too; :func:`_ambiguous` says it may be a measure's name."""
    from sdc.bands import parse_band, parse_date_bands

    table = getattr(ts.output, "table", None)
    measures: list[Any] = list(getattr(table, "measures", None) or ())
    if len(measures) != 1 or measures[0] is not ts.measure:
        return None
    name = str(getattr(ts.measure, "name", "") or "").strip()
    if not name or not (parse_band(name) is not None or _ambiguous(name)
                        or parse_date_bands([name])[0] is not None):
        return None
    return _fold(name)


def _ambiguous(name: str) -> bool:
    """Whether a one-column header read as a band may be a measure's name or a code as
    well: a bare year (``2020``), which ``parse_band`` reads as no band."""
    return name.isdigit() and len(name) == 4


def _headed(ts: TableSystem, whole: _Whole, band: str | None) -> list[_Whole]:
    """``whole`` read with its table's one-column header ``band`` as a constant label (its
    stratum: :func:`_header_band`) where the header is a band; where it may be a measure's
    name too (a bare year), both readings, the header's weak (fail closed: ``review``,
    never silence)."""
    if band is None or band in whole.stratum:
        return [whole]
    ambiguous = _ambiguous(str(ts.measure.name).strip())
    headed = replace(whole, stratum=whole.stratum | {band}, weak=whole.weak or ambiguous)
    return [whole, headed] if ambiguous else [headed]


def _by_table(chosen: list[_Part]) -> list[tuple[int, _Rows]]:
    """The parts' rows, a table's parts of several bands (read per band) joined into one
    (a whole of every band takes them all; ``_worlds`` reads a table once)."""
    joined: dict[int, _Rows] = {}
    for part in chosen:
        rows = joined.get(part.table)
        if rows is None:
            joined[part.table] = part.rows
            continue
        rows = joined[part.table] = dict(rows)
        for label, found in part.rows.items():
            rows[label] = [*rows.get(label, ()), *found]
    return list(joined.items())


def _of_stratum(whole: _Whole, part: _Part) -> bool:
    """Whether a part is of the whole's population: its stratum holds the whole's (a whole
    read per category: only so), or is held by it. Every such part is read, a part of no
    band beside the bands' parts too: a part the whole does not total makes the union
    contradict, and the audit then reads it without that table or asks a person (round 40),
    where taking only some (exactly the whole's stratum) would let one forged table of that
    stratum put the true parts out of the reading."""
    return part.stratum >= whole.stratum or (not whole.split and part.stratum <= whole.stratum)


def sole_count(ts: TableSystem) -> bool:
    """Whether ``ts``'s measure is its table's only one of its role: one column of a table of
    several counts (ACRO's ``count / False``, ``count / F / g1``) prints categories (``smoker``
    ``False``) in its header that its cells' labels do not carry, so its cells' labels are not
    all it counts by."""
    measures = getattr(getattr(ts.output, "table", None), "measures", None) or ()
    role = getattr(ts.measure, "role", None)
    return sum(1 for m in measures if getattr(m, "role", None) == role) == 1


def _dimensions(ts: TableSystem) -> list[str]:
    return [_fold(d) for d in getattr(getattr(ts.output, "table", None), "dimensions",
                                      None) or ()]


def _carried_labels(systems: list[TableSystem], counts: Iterable[int]) -> set[str]:
    """The labels a table of three dimensions or more may carry as constant ones: those its
    first and last categories print alike along a dimension (a cheap look: a whole is read
    per category only of these)."""
    found: set[str] = set()
    for k in counts:
        ts = systems[k]
        if _n_cells(ts) < 2 or len(_dimensions(ts)) < 3:
            continue
        found.update(first for first, last in _category_ends(ts).values() if first == last)
    return found


def _split_bands(systems: list[TableSystem], counts: list[int], pops: dict[int, str]
                 ) -> tuple[set[str], set[str], dict[str, str], set[tuple[int, str]], _Deep]:
    """The categories of a two-dimensional whole that tables split over files each print
    **every one of** (round 44): ``age,F,M,Total / 18-64 / 65+`` beside ``a.csv`` North and
    South of both bands and ``b.csv`` East and West of both. No table carries a band as a
    constant label there (:func:`_carried_labels`), yet the split is the one-file release's.
    Returned as (strong, weak, alias, columns): the wholes read per a weak band are weak
    links (a finding through them ``review``, never silence); ``alias`` names the thirds of
    a weak split alike (``area`` as ``region``), so their parts are read as one dimension's;
    ``columns``: the (table, dimension) of each third printed along the columns in a split
    read (round 46), whose parts are read along it (weak: :func:`_parts`); ``deep``: the
    labels of wholes of three varying dimensions read so (round 47, :class:`_Deep`: the
    bands are then the combinations of two dimensions' labels, ``2020`` x ``18-64``).

    Read only where two tables of the whole's population, of three dimensions or more, each
    print exactly the whole's categories along one dimension (the bands) and its other
    dimension's along another, and along a third (:func:`_third`; dimensions constant over
    the table, ``country`` ``England``, left out: round 45) labels that are the whole's on
    neither, the two tables' labels not the same (:func:`_split_of`: regions split over
    files, disjoint, overlapping, ``South`` in both, or one's inside the other's: round 46).
    A third may be printed along the columns (``age,sex x North,South``, round 46): such a
    pair is read where its printed cells add to no more than each printed cell of the whole
    (:func:`_within_cells`), and its parts are weak. Checked against every cell of
    each table, not its ends: tables of one session that print the same third labels
    (ACRO's ``eth,grp x died`` beside ``grp x died``: the same ``eth`` in each) are no split
    (union43 read those, and lost a ``fail``). The reading only adds equations: a wrong one
    contradicts or over-``fail``s, never ``pass``es."""
    parts: dict[str, list[int]] = defaultdict(list)
    wholes: dict[str, list[int]] = defaultdict(list)
    deeper: dict[str, list[tuple[int, int]]] = defaultdict(list)
    most_dims: dict[str, int] = defaultdict(int)
    for k in counts:
        ts = systems[k]
        dims = len(_dimensions(ts))
        if dims >= 3 and len(_row_dimensions(ts)) >= 2:
            parts[pops[k]].append(k)
            most_dims[pops[k]] = max(most_dims[pops[k]], dims)
        if _n_cells(ts) < 2 * MIN_COLUMNS or dims < 2:
            continue
        # (of three dimensions or more: all but two to five constant, ``country``
        # ``England``; a cheap look at its ends first, its every cell read below)
        alike = 0 if dims == 2 else sum(1 for first, last in _category_ends(ts).values()
                                        if first == last)
        if dims == 2 or alike >= dims - DEEP_FROM:
            wholes[pops[k]].append(k)
        else:
            deeper[pops[k]].append((k, dims))
    # a whole of four varying dimensions or more (rounds 48, 49) only beside a part table of
    # more dimensions than it (its split's third): tables of one shape (100 long tables of
    # six dimensions, issue 14) are no such wholes, and their every cell is not read for it
    for pop, found in deeper.items():
        if more := [k for k, dims in found if most_dims[pop] > dims]:
            wholes[pop].extend(more)
    strong: set[str] = set()
    weak: set[str] = set()
    alias: dict[str, str] = {}
    columns: set[tuple[int, str]] = set()
    deep: set[str] = set()
    deep_weak: set[str] = set()
    most = LEAST_MOST
    summed: set[str] = set()
    summed_weak: set[str] = set()
    for pop, kws in wholes.items():
        if len(parts.get(pop, ())) < 2:
            continue
        labels_of = {k: _category_labels(systems[k]) for k in (*parts[pop], *kws)}
        part_labels = [(labels_of[kp], _row_dimensions(systems[kp])) for kp in parts[pop]]
        tried: set[tuple[tuple[frozenset[str], ...], frozenset[str]]] = set()
        for kw in kws:
            whole = list(labels_of[kw].values())
            if len(whole) > 2:  # leaving out its constants (``country`` ``England``)
                whole = [seen for seen in whole if len(seen) > 1]
            if len(whole) >= DEEP_FROM:  # round 47: ``year`` x ``age`` x the sexes; round
                # 48: four or five (``year`` x ``age`` x ``eth`` x the sexes); 49: any more
                for at, others in enumerate(whole):
                    banded = tuple(seen for j, seen in enumerate(whole) if j != at)
                    if (banded, others) not in tried:
                        tried.add((banded, others))
                        if _deep_split(systems, kw, parts[pop], part_labels, banded, others,
                                       (deep, deep_weak, alias)):
                            most = max(most, len(whole))
                continue
            if len(whole) != 2:
                continue
            for bands, others in (whole, whole[::-1]):
                # round 47: the parts print one more dimension alike (``year``), summed
                if len(bands) >= 2 and ((bands, frozenset()), others) not in tried:
                    tried.add(((bands, frozenset()), others))
                    read = _shared_split(systems, kw, parts[pop], part_labels, bands, others,
                                         (deep, deep_weak, alias))
                    if read is not None:  # (joined after: the loop below reads as before)
                        (summed if read else summed_weak).update(bands)
            for bands, others in (whole, whole[::-1]):
                if len(bands) < 2 or bands <= strong or ((bands,), others) in tried:
                    continue
                tried.add(((bands,), others))
                # each distinct third once: tables of one session print the same regions
                thirds: dict[_Third, list[int]] = defaultdict(list)  # each distinct third
                for kp, (labels, rows) in zip(parts[pop], part_labels, strict=True):
                    if third := _third(labels, rows, (bands,), others):
                        thirds[third].append(kp)
                split = list(thirds)
                pairs = [(a, b, of) for i, a in enumerate(split) for b in split[i + 1:]
                         if (of := _split_of(a, b)) is not None]
                if any(of for _, _, of in pairs):
                    strong |= bands
                for a, b, of in pairs:
                    if a[2] and b[2]:  # rows both (rounds 44, 45)
                        if of is False and _within(systems, kw, (thirds[a][0], a[0]),
                                                   (thirds[b][0], b[0])):
                            weak |= bands
                            _join(alias, a[0], b[0])
                        continue
                    # a third along the columns (round 46): its parts read there too, weak
                    if not _within_cells(systems, kw, (thirds[a][0], a), (thirds[b][0], b),
                                         (bands, others)):
                        continue
                    if of is False:
                        weak |= bands
                        _join(alias, a[0], b[0])
                    for third in (a, b):
                        if not third[2]:
                            columns.update((kp, third[0]) for kp in thirds[third])
    strong |= summed
    weak |= summed_weak
    return strong, weak - strong, alias, columns, _Deep(
        frozenset(deep | deep_weak), frozenset(deep_weak - deep), most)


def _shared_split(systems: list[TableSystem], kw: int, parts: list[int],
                  part_labels: list[tuple[dict[str, frozenset[str]], frozenset[str]]],
                  bands: frozenset[str], others: frozenset[str],
                  into: tuple[set[str], set[str], dict[str, str]]) -> bool | None:
    """Round 47: a whole of two varying dimensions (``age,F,M,Total``) beside part tables
    that print, besides its bands and other categories and a third of their own that differs
    between them (the regions), one more dimension **alike** in both (``year``: ``2020``,
    ``2021`` in ``a.csv`` and ``b.csv``): the whole is read as their total over it (each
    year's rows a part of the band's whole: the bands and those labels join ``deep``, the
    parts read per combination, :func:`_by_combination`). True where the split is strong
    (one name a dimension), False where weak (the thirds' names differ: :func:`_within`),
    None where there is no such split (``into``: ``deep``, ``deep_weak`` and the aliases of
    :func:`_split_bands`, filled)."""
    deep, deep_weak, alias = into
    thirds: dict[tuple[str, frozenset[str], _Third], list[int]] = defaultdict(list)
    for kp, (seen, rows) in zip(parts, part_labels, strict=True):
        for shared, third in _two_thirds(seen, rows, bands, others):
            thirds[(shared, seen[shared], third)].append(kp)
    found: bool | None = None
    keys = list(thirds)
    for i, (shared, labels, a) in enumerate(keys):
        for shared_b, labels_b, b in keys[i + 1:]:
            if (shared, labels) != (shared_b, labels_b) or not (a[2] and b[2]):
                continue
            of = _split_of(a, b)
            if of is None:
                continue
            if of:
                deep |= bands | labels
                found = True
            elif _within(systems, kw, (thirds[(shared, labels, a)][0], a[0]),
                         (thirds[(shared_b, labels_b, b)][0], b[0])):
                deep_weak |= bands | labels
                _join(alias, a[0], b[0])
                found = bool(found)
    return found


def _two_thirds(labels: dict[str, frozenset[str]], rows: frozenset[str], bands: frozenset[str],
                others: frozenset[str]) -> list[tuple[str, _Third]]:
    """A part table's two dimensions that are neither the whole's bands nor its other
    categories, of two labels or more each (constants left out, as :func:`_third` does):
    each read as the dimension the whole sums over (``year``), with the other as the third
    (the regions); none where the table is not so."""
    rest = [d for d, seen in labels.items() if seen != bands]
    if len(rest) != len(labels) - 1:
        return []
    beside = [d for d in rest if others <= labels[d]]
    extra = [d for d in rest if d not in beside and len(labels[d] - {""}) > 1]
    if len(beside) != 1 or len(extra) != 2:
        return []
    found = []
    for shared, third in (extra, extra[::-1]):
        seen = labels[third] - {""}
        if shared in rows and not seen & (bands | others | labels[shared]) and not (
                labels[shared] & (bands | others)):
            found.append((shared, (third, seen, third in rows)))
    return found


def _deep_split(systems: list[TableSystem], kw: int, parts: list[int],
                part_labels: list[tuple[dict[str, frozenset[str]], frozenset[str]]],
                banded: tuple[frozenset[str], ...], others: frozenset[str],
                into: tuple[set[str], set[str], dict[str, str]]) -> bool:
    """Round 47: a whole of three varying dimensions (``year,age,F,M,Total``) read per
    combination of two of them (``banded``: ``2020`` x ``18-64``), by its third
    (``others``: the sexes), where two part tables each print exactly each of the two's
    labels along a dimension (round 48: or one of them constant over the table, a part file
    of one year; and up to four such dimensions, a whole of five) and the third's along
    another, and along one more a third of
    their own that differs between them (:func:`_third`, :func:`_split_of`: ``year,age,
    region,F,M,Total`` with North and South in ``a.csv``, East and West in ``b.csv``). The
    bands' labels join ``deep`` (one name: strong) or ``deep_weak`` (names that differ, rows
    both, printed cells within the whole's: :func:`_within`); a third along the columns is
    not read here (``into``: ``deep``, ``deep_weak`` and the aliases of :func:`_split_bands`,
    filled). Whether some split was read."""
    deep, deep_weak, alias = into
    if any(len(seen) < 2 for seen in banded):
        return False
    thirds: dict[_Third, list[int]] = defaultdict(list)
    for kp, (seen, rows) in zip(parts, part_labels, strict=True):
        if third := _third(seen, rows, banded, others, one_of=True):
            thirds[third].append(kp)
    split = list(thirds)
    carried = frozenset().union(*banded)
    read = False
    for i, a in enumerate(split):
        for b in split[i + 1:]:
            of = _split_of(a, b)
            if of is None or not (a[2] and b[2]):
                continue
            if of:
                deep |= carried
                read = True
            elif _within(systems, kw, (thirds[a][0], a[0]), (thirds[b][0], b[0])):
                deep_weak |= carried
                _join(alias, a[0], b[0])
                read = True
    return read


def _within_cells(systems: list[TableSystem], kw: int, a: tuple[int, _Third],
                  b: tuple[int, _Third], whole_labels: tuple[frozenset[str], frozenset[str]]
                  ) -> bool:
    """Whether two part tables' printed cells (a third label both print counted once) add
    to no more than each printed cell of whole ``kw`` they fall in (by its labels
    ``whole_labels``: the bands and the other categories); False where no cell of the whole
    is printed (nothing says they are parts)."""
    whole = _cells_by(systems[kw], whole_labels, None)
    if not whole:
        return False
    parts = _cells_by(systems[a[0]], whole_labels, a[1][0])
    for key, value in _cells_by(systems[b[0]], whole_labels, b[1][0]).items():
        parts.setdefault(key, value)
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for (band, other, _), value in parts.items():
        sums[(band, other)] += value
    return all(sums.get(key[:2], 0.0) <= value + 1e-9 * max(1.0, abs(value))
               for key, value in whole.items())


def _cells_by(ts: TableSystem, whole_labels: tuple[frozenset[str], frozenset[str]],
              dim: str | None) -> dict[tuple[str, str, str], float]:
    """``ts``'s printed category cells (margins left out) by their (folded) band, other
    category and label on ``dim`` (``""`` for None); a cell without a band and another
    category of the whole's left out."""
    bands, others = whole_labels
    found: dict[tuple[str, str, str], float] = {}
    for var in range(_n_cells(ts)):
        cell = ts.cell(var)
        if cell is None or cell.total_dims or cell.value is None or cell.suppressed:
            continue
        band = other = third = None
        for d, label in cell.coords.items():
            folded, name = _fold(label), _fold(d)
            if name == dim:
                third = folded
            elif band is None and folded in bands:
                band = folded
            elif other is None and folded in others:
                other = folded
        if band is not None and other is not None:
            found.setdefault((band, other, third or ""), float(cell.value))
    return found


def _within(systems: list[TableSystem], kw: int, a: tuple[int, str], b: tuple[int, str]
            ) -> bool:
    """Whether two part tables of thirds of different names (``region``, ``area``) may be a
    split of whole ``kw``: their printed cells (a label both print counted once) sum to no
    more than the whole's. A release of a ``region`` table and an ``area`` (urban, rural)
    table of one population prints each the whole again: their union would only contradict
    (SDC402 ``review`` on every table) and disclose nothing the split would. Where a cell of
    the whole is hidden it cannot be told: read (weak)."""
    whole = _printed(systems[kw], None)
    if whole is None:
        return True
    seen = _printed(systems[a[0]], a[1]) or {}
    more = _printed(systems[b[0]], b[1]) or {}
    total = sum(seen.values()) + sum(v for label, v in more.items() if label not in seen)
    whole_sum = sum(whole.values())
    return total <= whole_sum + 1e-9 * max(1.0, abs(whole_sum))


def _printed(ts: TableSystem, dim: str | None) -> dict[str, float] | None:
    """The sum of ``ts``'s printed category cells (margins left out) by their (folded) label
    on ``dim`` (``dim`` None: one sum, and None where such a cell is hidden)."""
    sums: dict[str, float] = defaultdict(float)
    for var in range(_n_cells(ts)):
        cell = ts.cell(var)
        if cell is None or cell.total_dims:
            continue
        if cell.value is None or cell.suppressed:
            if dim is None:
                return None
            continue
        label = "" if dim is None else next(
            (_fold(lab) for d, lab in cell.coords.items() if _fold(d) == dim), "")
        sums[label] += float(cell.value)
    return sums


def _join(alias: dict[str, str], a: str, b: str) -> None:
    """Names ``a`` and ``b`` (and those already named alike with either) named alike: each
    as the least of them."""
    first, second = alias.get(a, a), alias.get(b, b)
    least = min(first, second)
    for name, to in list(alias.items()):
        if to in (first, second):
            alias[name] = least
    alias[a] = alias[b] = alias[first] = alias[second] = least


def _row_dimensions(ts: TableSystem) -> frozenset[str]:
    """``ts``'s (folded) row dimensions."""
    return frozenset(_fold(d) for d in getattr(getattr(ts.output, "table", None),
                                               "row_dimensions", None) or ())


_Third = tuple[str, frozenset[str], bool]  # a part's third dimension, its labels, a row one


def _split_of(a: _Third, b: _Third) -> bool | None:
    """Whether two part tables' thirds split the whole's population over files: their labels
    differ (disjoint, ``North, South`` and ``East, West``, or overlapping, ``South`` in
    both: ``_read_wholes`` takes a category from the first table that prints it, and tables
    whose printed cells disagree are never parts of one union; or, round 46, one's inside
    the other's, ``South`` beside ``North, South``: the union is then the larger table's
    rows and a remainder, which bounds a hidden cell where few are left outside them).
    True (strong) where the dimension has one name in each (``region``); False (weak) where
    the names differ (``region`` and ``area``, a blank header, or a third printed along the
    columns, named by no header: ``age,sex x North,South``); None (no split) else. A weak
    pair is read only where its printed cells add to no more than the whole
    (:func:`_split_bands`): ACRO's ``area,band x sex`` and ``area,band x grp`` beside an
    ``area x band`` whole print disjoint third labels (``F, M``; ``g1, g2``) of two
    variables, each table the whole's every cell (recording 6d3c34e25cbf)."""
    if a[1] == b[1]:
        return None
    return a[0] == b[0]


def _third(labels: dict[str, frozenset[str]], rows: frozenset[str],
           bands: tuple[frozenset[str], ...], others: frozenset[str], one_of: bool = False
           ) -> _Third | None:
    """A part table's one dimension that is neither the whole's bands (printed exactly) nor
    its other categories (printed, a total beside them allowed), with its labels (a blank
    one left out: a padded ``All,`` total row's) and whether it is a row dimension: its
    regions; None where the table is not so. A dimension of one label over the table is
    left out where another is left (its stratum: ``country`` ``England``); a table of one
    region (``East`` alone in ``b.csv``) prints its region so. ``bands``: one set of labels,
    or (round 47) one per dimension a whole of three varying dimensions is read per, each
    printed exactly along a dimension of its own. ``one_of`` (round 48): a dimension of one
    label over the table that is one of a set's (``year`` ``2020`` of ``2020, 2021``: the
    part files of one year each) matches that set too, where another set is printed
    exactly; its label is then the part's stratum, and the whole's combination of it is
    the only one it is a part of (:func:`_of_stratum`)."""
    matched = [[d for d, seen in labels.items() if seen == banded] for banded in bands]
    if one_of and len(bands) > 1 and any(matched):
        matched = [found or [d for d, seen in labels.items() if len(seen) == 1 and seen < banded]
                   for found, banded in zip(matched, bands, strict=True)]
    if any(len(found) != 1 for found in matched) or len({f[0] for f in matched}) != len(bands):
        return None
    rest = [d for d in labels if d not in {found[0] for found in matched}]
    beside = [d for d in rest if others <= labels[d]]
    third = [d for d in rest if d not in beside]
    if len(third) > 1:
        third = [d for d in third if len(labels[d] - {""}) > 1]
    if len(beside) != 1 or len(third) != 1:
        return None
    seen = labels[third[0]] - {""}
    if not seen or seen & frozenset().union(others, *bands):
        return None
    return third[0], seen, third[0] in rows


def _category_labels(ts: TableSystem) -> dict[str, frozenset[str]]:
    """Each dimension's (folded) category labels over every cell of ``ts``, margins left
    out."""
    seen: dict[str, set[str]] = defaultdict(set)
    for var in range(_n_cells(ts)):
        cell = ts.cell(var)
        if cell is None:
            continue
        totals = cell.total_dims
        for d, label in cell.coords.items():
            if d not in totals:
                seen[_fold(d)].add(_fold(label))
    return {d: frozenset(labels) for d, labels in seen.items()}


def _category_ends(ts: TableSystem) -> dict[str, tuple[str, str]]:
    """Each dimension's (folded) first and last category label in table order, its margins
    (a ``Total,Total`` row after the ``18-64`` rows, or before them) passed over: a margin
    row of a dimension otherwise constant is the table's own total, not a second category
    (round 42). A cheap look: at most ``END_SCAN`` cells from each end (a dimension no cell
    there is a category of is left out, as a margin-only one)."""
    n = _n_cells(ts)
    ends: list[dict[str, str]] = []
    for order in (range(min(n, END_SCAN)), range(n - 1, max(n - END_SCAN, 0) - 1, -1)):
        seen: dict[str, str] = {}
        dims: set[str] | None = None
        for var in order:
            cell = ts.cell(var)
            if cell is None:
                continue
            if dims is None:
                dims = {_fold(d) for d in cell.coords}
            for d, label in cell.coords.items():
                if d not in cell.total_dims:
                    seen.setdefault(_fold(d), _fold(label))
            if len(seen) >= len(dims):
                break
        ends.append(seen)
    first, last = ends
    return {d: (label, last[d]) for d, label in first.items() if d in last}


END_SCAN = 1024  # cells read from each end of a table for its categories' labels


def _states(ts: TableSystem, n: int, most: int
            ) -> tuple[dict[str, set[str]], set[str], list[tuple[int, Any, set[str]]]] | None:
    """Each dimension's categories (at most two kept) and the dimensions some cell is a
    margin along, with the cells and their margins' dimensions; None where a cell is not
    there or more than ``most`` dimensions vary (two labels, or a label and a margin).

    The first and last cells are looked at first (round 42, par42): what varies over some
    cells varies over all, so where those two already vary on more than ``most`` dimensions
    (most tables: a category and the grand total, or two corners) the answer is None without
    reading the first row; otherwise the cells are read in order as before."""
    if n > 2 and _vary_more(ts, (0, n - 1), most):
        return None
    labels: dict[str, set[str]] = defaultdict(set)
    margins: set[str] = set()
    cells = []
    varying: set[str] = set()
    for var in range(n):
        cell = ts.cell(var)
        if cell is None:
            return None
        totals = _note(cell, labels, margins, varying)
        if len(varying) > most:
            return None
        cells.append((var, cell, totals))
    return labels, margins, cells


def _vary_more(ts: TableSystem, places: Iterable[int], most: int) -> bool:
    """Whether the cells at ``places`` vary on more than ``most`` dimensions, or one is not
    there (either way :func:`_states` is None)."""
    labels: dict[str, set[str]] = defaultdict(set)
    margins: set[str] = set()
    varying: set[str] = set()
    for var in places:
        cell = ts.cell(var)
        if cell is None:
            return True
        _note(cell, labels, margins, varying)
    return len(varying) > most


def _note(cell: Any, labels: dict[str, set[str]], margins: set[str], varying: set[str]
          ) -> set[str]:
    """One cell's labels and margins added (``labels``: at most two kept a dimension), the
    dimensions they make vary added to ``varying``; the cell's margins' dimensions."""
    totals = {_fold(d) for d in cell.total_dims}
    for d, label in cell.coords.items():
        dim = _fold(d)
        if dim in totals:
            margins.add(dim)
            if labels.get(dim):
                varying.add(dim)
        else:
            seen = labels[dim]
            if len(seen) < 2:
                seen.add(_fold(label))
            if len(seen) > 1 or dim in margins:
                varying.add(dim)
    return totals


def _wholes(ts: TableSystem, kw: int, carried: set[str],
            weak: frozenset[str] | set[str] = frozenset(), deep: _Deep = _Deep()
            ) -> list[_Whole]:
    """``ts``'s cells as wholes: leaving out the dimensions every cell is a margin along and
    those constant over the table (its stratum), each cell has one label, all different, at
    least ``MIN_COLUMNS`` (union40b's whole, a stratum now allowed); or two labels, and then
    per category of one dimension (a label ``carried`` by some table: a stratum) the cells
    of the other do so, the margin along it a whole of the table's stratum; or (round 47,
    ``deep``) three to five (round 48), and then per combination of all but one dimension's
    labels (``2020`` x ``18-64``: :func:`_combined`)."""
    n = _n_cells(ts)
    if n < MIN_COLUMNS:
        return []
    most = deep.most if deep.carried else 2 if carried else 1
    states = _states(ts, n, most)  # (every table read whole then: no row order may hide a
    # band)
    if states is None:
        return []
    labels, margins, cells = states
    constant = {dim: next(iter(seen)) for dim, seen in labels.items()
                if len(seen) == 1 and dim not in margins}
    varying = sorted(dim for dim, seen in labels.items() if seen and dim not in constant)
    names = frozenset(varying) | frozenset(constant)
    stratum = frozenset(constant.values())
    if len(varying) < 2:  # one label a cell (none: a cell's one coordinate, union40b's)
        one = _one_label(cells, varying[0] if varying else None)
        return [_Whole(kw, one, stratum, False, names)] if one else []
    if len(varying) >= DEEP_FROM:
        return _combined(kw, cells, varying, deep, stratum, names)
    if len(varying) != 2:
        return []
    found = []
    for split in varying:
        other = next(dim for dim in varying if dim != split)
        by_category: dict[str, list[tuple[int, Any, set[str]]]] = defaultdict(list)
        for entry in cells:
            _, cell, totals = entry
            label = next((lab for d, lab in cell.coords.items() if _fold(d) == split), None)
            if label is None:
                return []
            by_category["" if split in totals else _fold(label)].append(entry)
        if not any(category in carried for category in by_category):
            continue
        # read per category only on a weak band's evidence: its unions are weak links
        unsure = not any(category in carried and category not in weak
                         for category in by_category)
        for category, group in by_category.items():
            one = _one_label(group, other)
            if one:
                found.append(_Whole(kw, one, stratum | {category} if category else stratum,
                                    bool(category), names, per_category=True, weak=unsure))
    return found


def _combined(kw: int, cells: list[tuple[int, Any, set[str]]], varying: list[str], deep: _Deep,
              stratum: frozenset[str], names: frozenset[str]) -> list[_Whole]:
    """A whole of three varying dimensions (``year,age,F,M,Total``) read per combination of
    two of them (``2020`` x ``18-64``; a margin along one: ``2020`` of every age) by its
    cells' one label on the third, where each of the two prints a label ``deep`` carries
    (round 47); a combination's labels join the whole's stratum, so only parts carrying
    them all are its parts (the margin's: every band's of its other label). Of four or
    five (round 48: ``year,age,eth,F,M,Total``), per combination of all but one alike."""
    found: list[_Whole] = []
    for other in varying:
        split = [dim for dim in varying if dim != other]
        by_combination: dict[tuple[str, ...], list[tuple[int, Any, set[str]]]] = \
            defaultdict(list)
        for entry in cells:
            _, cell, totals = entry
            labels = {_fold(d): label for d, label in cell.coords.items()}
            if any(dim not in labels for dim in split):
                return []
            by_combination[tuple("" if dim in totals else _fold(labels[dim])
                                 for dim in split)].append(entry)
        if not all(any(combination[at] in deep.carried for combination in by_combination)
                   for at in range(len(split))):
            continue
        # read per combination only on a weak band's evidence: its unions are weak links
        unsure = not all(any(combination[at] in deep.carried and combination[at]
                             not in deep.weak for combination in by_combination)
                         for at in range(len(split)))
        for combination, group in by_combination.items():
            one = _one_label(group, other)
            category = frozenset(label for label in combination if label)
            if one:
                found.append(_Whole(kw, one, stratum | category, bool(category), names,
                                    per_category=True, weak=unsure))
    return found


def _one_label(cells: list[tuple[int, Any, set[str]]], dim: str | None) -> dict[int, _Key]:
    """Each cell's one label on ``dim`` (``""``: a margin), or its one coordinate's (a
    table of margins only); nothing where a cell has not one, two cells have one label or
    there are fewer than ``MIN_COLUMNS``."""
    found: dict[int, _Key] = {}
    for var, cell, totals in cells:
        kept = [(d, label) for d, label in cell.coords.items()
                if _fold(d) == dim or len(cell.coords) == 1]
        if len(kept) != 1:
            return {}
        d, label = kept[0]
        found[var] = (("", "" if _fold(d) in totals else _fold(label)),)
    if len(found) < MIN_COLUMNS or len(set(found.values())) != len(found):
        return {}
    return found


def _first_label_met(ts: TableSystem, dim: str, labels: set[str], every: bool) -> bool:
    """Whether the first cell of ``ts`` that is a category of ``dim`` has its other labels
    (``""``: a margin) among ``labels`` (``every``: all of them, a table of two dimensions;
    else one, the others may be constant)."""
    for var in range(_n_cells(ts)):
        cell = ts.cell(var)
        if cell is None or not any(_fold(d) == dim for d in cell.coords) or any(
                _fold(d) == dim for d in cell.total_dims):
            continue
        met = [(_fold(label) if d not in cell.total_dims else "") in labels
               for d, label in cell.coords.items() if _fold(d) != dim]
        return all(met) if every else any(met)
    return False


def _parts(ts: TableSystem, k: int, labels_met: set[str], own_rows: _OwnRows,
           bands: set[str], columns: Iterable[str] = (), deep: _Deep = _Deep()
           ) -> list[_Part]:
    """``ts``'s rows of each of its row dimensions that lie under one other label each once
    the dimensions constant over them are left out (their labels: the part's stratum); or,
    where some band exists (``bands``: a category a whole is read per, or a table carries),
    under two: then per category of one of them among ``bands`` (round 42: ``18-64`` and
    ``65+`` rows of North and South in one table, East and West of each band in others).
    ``columns``: its column dimensions a split's third is printed along (round 46), read
    so too, their parts weak (``_Part.third``). ``deep``: the labels wholes of three
    varying dimensions are read per (round 47): rows under three labels are then read per
    combination of two of them (:func:`_by_band`)."""
    dims = _dimensions(ts)
    if len(dims) < 2:
        return []
    found: list[_Part] = []
    rows_of = dict.fromkeys(_fold(d) for d in getattr(getattr(ts.output, "table", None),
                                                      "row_dimensions", None) or ())
    for dim in [*rows_of, *(d for d in columns if d not in rows_of)]:
        third = dim not in rows_of
        if not _first_label_met(ts, dim, labels_met, len(dims) == 2):
            continue  # (a cheap look before indexing the table's rows)
        if len(dims) > 2 and not _maybe_constant(
                ts, dim, len(dims) - 2 - (deep.most - 1 if deep.carried else bool(bands))):
            continue
        rows = own_rows.get((k, dim))
        if rows is None:
            rows = own_rows[(k, dim)] = _own_rows(ts, dim)
        found.extend(_Part(k, dim, *part, third=third)
                     for part in _by_label(rows, bands, deep.carried))
    return found


def _maybe_constant(ts: TableSystem, dim: str, needed: int) -> bool:
    """Whether ``ts``'s first and last categories print ``needed`` dimensions besides
    ``dim`` alike (a cheap look: each constant one must; its margin rows passed over)."""
    alike = sum(1 for d, (first, last) in _category_ends(ts).items()
                if d != dim and first == last)
    return alike >= needed


def _by_label(rows: _Rows, bands: set[str], deep: frozenset[str] = frozenset()
              ) -> list[tuple[_Rows, frozenset[str]]]:
    """Rows (by their other labels) by their one label once the dimensions constant over
    them are left out, with those dimensions' labels (the stratum); none where not one
    label is left. Where two are left, per category among ``bands`` of either (its label
    joins the stratum; a margin along it is no band: its rows count every band, and their
    labels are not the bands' rows' ones, so a whole of every band would count them
    twice)."""
    if not rows:
        return []
    keys = list(rows)
    constant = {d for d, label in keys[0] if label and all((d, label) in key for key in keys)}
    stratum = frozenset(label for d, label in keys[0] if d in constant)
    by_label: _Rows = {}
    for key, found in rows.items():
        left = [(d, label) for d, label in key if d not in constant]
        if len(left) != 1:
            return _by_band(rows, constant, stratum, bands, deep) if bands or deep else []
        by_label[(("", left[0][1]),)] = found
    return [(by_label, stratum)]


def _by_band(rows: _Rows, constant: set[str], stratum: frozenset[str], bands: set[str],
             deep: frozenset[str] = frozenset()) -> list[tuple[_Rows, frozenset[str]]]:
    """Rows under two labels besides the constant ones (``age`` and the columns), per
    category in ``bands`` of one of them, by their label on the other; under three (round
    47: ``year``, ``age`` and the columns; round 48: up to five), per combination of all but
    one of them that ``deep`` carries, by their label on the one left."""
    left = [[(d, label) for d, label in key if d not in constant] for key in rows]
    if deep and left and len(left[0]) >= DEEP_FROM and all(
            len(labels) == len(left[0]) for labels in left):
        return _by_combination(left, list(rows.values()), stratum, deep)
    if any(len(pair) != 2 for pair in left):
        return []  # rows under three labels or more: not read
    found: list[tuple[_Rows, frozenset[str]]] = []
    for at in (0, 1):
        per_band: dict[str, _Rows] = defaultdict(dict)
        for pair, cells in zip(left, rows.values(), strict=True):
            band, label = pair[at][1], pair[1 - at][1]
            if band in bands:
                per_band[band][(("", label),)] = cells
        found.extend((rows_of, stratum | {band}) for band, rows_of in per_band.items())
    return found


def _by_combination(left: list[list[tuple[str, str]]], cells: list[list[int]],
                    stratum: frozenset[str], deep: frozenset[str]
                    ) -> list[tuple[_Rows, frozenset[str]]]:
    """Rows under three labels (``2020``, ``18-64``, ``F``) per combination of two of them
    that ``deep`` carries (each label's set joins the stratum), by their label on the third
    (round 47): a part of a whole read per combination (:func:`_combined`). Under four or
    five (round 48), per combination of all but one."""
    found: list[tuple[_Rows, frozenset[str]]] = []
    for at in range(len(left[0]) if left else 0):
        per_band: dict[frozenset[str], _Rows] = defaultdict(dict)
        for labels, found_cells in zip(left, cells, strict=True):
            band = [label for j, (_, label) in enumerate(labels) if j != at]
            if all(label in deep for label in band):
                per_band[frozenset(band)][(("", labels[at][1]),)] = found_cells
        found.extend((rows_of, stratum | band) for band, rows_of in per_band.items())
    return found
