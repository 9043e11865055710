"""SDC503: a single part table beside its whole (round 51, part51).

Why: a whole ``age × sex`` table and the same ``age × sex`` for ``region = North`` only publish
the rest (everyone outside North) implicitly, cell by cell: whole − part. A rest of 1 to
threshold − 1 is as disclosive as a printed count. Two part tables beside a whole are read by
``sdc.union_labels``; one part alone was left (rounds 44 and 46 read it there and lost exact
ACRO ``fail``s by replacing findings). Here the pairing only *adds* ``review`` findings, at
the part's cells, after every other SDC503 reading, and never where an earlier SDC503
finding already names the cell.

A table is read as a part of another (the whole) when:

- it has a *one-valued* dimension (every count prints the same label there: ``region`` =
  North, ``age`` = 18-64) the whole lacks, or prints for everyone (``region`` = All, or
  only its margin), and its keys without that label (or with the whole's) are keys of the
  whole; or its title, sheet or file name names a subgroup (``among diabetics``, ``North
  only``) the whole's do not, and its keys are keys of the whole;
- the whole prints none of the part's own keys (a whole by region is no whole lacking it);
- every compared count of the part is at most the whole's under the same labels, at least
  two are compared and one is smaller (a table beside itself leaves nothing); the part's
  margins the whole does not print (a Total column) are not needed;
- the two do not name different years (``2019`` beside ``2020``: two periods, not a part),
  and the whole names no subgroup of its own (``among smokers`` beside ``among diabetics``).

Round 52 (diff52): a whole may print a nation for everyone where the part prints its region
(``England`` beside ``North`` — a sibling region, ``South``, still is no whole);
a title may place the part (``Patients in the North``, ``from Wales``: weaker words, so a
whole's own place makes the two siblings only beside a part's place); and where the release
is rounded the rest is an interval (two roundings wide), reviewed only where all of it lies
in 1 to threshold − 1.

Round 53 (diff53): the names are data (``sdc.places``, ``sdc/data/places.json``) and reach
past the UK: ``United States``, ``Canada``, ``Australia`` are wholes beside any part; a state
or province (``Texas``) is one beside a part whose label names no listed place (``Harris
County``; not ``California``: siblings); a whole titled ``in Canada`` stays a whole.

The numbers' ``≤`` is the test; the words only choose which pairs are compared (they never
excuse a finding another reading makes). ``review`` always: nothing but labels and words says
the part's population lies inside the whole's.

Cost: the one-valued dimensions are read on tables of up to ``ONE_VALUED_CELLS`` counts, each
until its second label; a release with no part pays that pass only. With parts, a reading
meets the wholes printing its first key (a posting built from each table's count index once)
and those printing a left-out dimension for everyone, not every table.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from sdc.formatting import fmt_number
from sdc.places import is_nation, is_place, is_region, nation_words
from sdc.release_form import TableCells
from sdc.table import LabelsKey, Role

if TYPE_CHECKING:
    from sdc.count_index import CountIndex
    from sdc.labels_keys import LabelsKeys
    from sdc.outputs import Output
    from sdc.results import Finding
    from sdc.rules.base import Rule

ONE_VALUED_CELLS = 2_000  # a part's one-valued dimensions are looked for up to this many counts

# a subgroup a title names: "among diabetics", "North only", "only North"; round 52: "in
# the North", "living in Leeds", "from Wales" (a place or setting the part is drawn from)
_TITLED = re.compile(r"(?<![a-z])(?:among|amongst)\s+([a-z][a-z0-9-]*)"
                     r"|([a-z][a-z0-9-]*)\s+only(?![a-z])"
                     r"|(?<![a-z])only\s+([a-z][a-z0-9-]*)")
_PLACED = re.compile(r"(?<![a-z])(?:in|within|from)\s+(?:the\s+)?([a-z][a-z0-9-]*)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NOT_SUBGROUPS = frozenset({"the", "a", "an", "those", "people", "patients", "persons", "all",
                            "counts", "count", "total", "totals", "table", "data", "for", "of",
                            # "in" (round 52): units, periods, ways of saying
                            "each", "every", "any", "this", "that", "these", "which", "last",
                            "first", "next", "past", "previous", "recent", "thousands",
                            "millions", "hundreds", "percent", "percentage", "per", "years",
                            "months", "weeks", "days", "year", "month", "week", "day", "time",
                            "order", "brackets", "parentheses", "full", "part", "general",
                            "summary", "figure", "figures", "sample", "cohort", "study",
                            "population", "release", "output", "outputs", "file", "sheet",
                            "england", "wales", "scotland", "uk", "britain", "gb", "national",
                            "country", "nationwide", "united", "great", "northern"})


def _texts(output: Output) -> list[str]:
    """What names an output's population besides its labels: titles, sheet, file name."""
    texts = [PurePosixPath(output.path).stem.replace("_", " "), output.sheet or ""]
    if output.table is not None:
        texts.extend(output.table.title)
    return [t.casefold() for t in texts if t]


def titled_subgroups(output: Output, placed: bool = False) -> frozenset[str]:
    """The subgroups an output's title, sheet or file name names (``among diabetics``:
    ``diabetics``); ``placed``, those it names as where its people are (``in the North``:
    ``north``; round 52) — weaker words: a whole's say it is no whole only beside a part's
    own (``in the South`` beside ``in the North``), not beside ``among diabetics``."""
    found = set()
    for text in _texts(output):
        for m in (_PLACED if placed else _TITLED).finditer(text):
            word = next(g for g in m.groups() if g)
            if word not in _NOT_SUBGROUPS:
                found.add(word)
    return frozenset(found)


def _years(texts: list[str]) -> set[str]:
    return {m[0] for text in texts for m in _YEAR.finditer(text)}


def one_valued(read: TableCells, places: list[int], dimensions: list[str]) -> dict[str, str]:
    """Each dimension every count at ``places`` prints one label along (its margins aside),
    with that label; none for a table of more than ``ONE_VALUED_CELLS`` counts. Each
    dimension is read until its second label (a crosstab's: within a row or two)."""
    if len(places) > ONE_VALUED_CELLS:
        return {}
    found: dict[str, str] = {}
    label_of, margins = read.label, read.margins
    for dim in dimensions:
        first: str | None = None
        seen = False  # a count not of ``dim``'s margin
        for place in places:
            if dim in margins(place):
                continue
            seen = True
            label = label_of(place, dim)
            text = label.strip() if isinstance(label, str) else ""
            if not text or (first is not None and text != first):
                first = None
                break
            first = text
        if first is not None:
            found[dim] = first
        elif not seen and places:
            found[dim] = ""  # every count the dimension's margin: printed for all
    return found


def _may_be_one_valued(read: TableCells, dimensions: list[str]) -> bool:
    """Whether some dimension prints one label at five cells spread over the table (their
    margins aside): most tables print two in every dimension there, and are not read on."""
    n = len(read)
    if n == 0:
        return False
    spread = sorted({0, n // 4, n // 2, 3 * n // 4, n - 1})
    for dim in dimensions:
        labels = set()
        for i in spread:
            if dim in read.margins(i):
                continue
            label = read.label(i, dim)
            labels.add(label.strip() if isinstance(label, str) else "")
        if len(labels) < 2:
            return True
    return False


def _without(key: LabelsKey, labels: frozenset[str]) -> LabelsKey | None:
    """``key`` without ``labels`` (each must be in it: a count of the dimension's margin is
    not the part's), None where one is missing."""
    if not labels <= set(key):
        return None
    return tuple(label for label in key if label not in labels)


MAX_ONE_VALUED = 3  # a part's one-valued dimensions left out, in every combination, up to this


class _Part:
    """A candidate part: its output, its counts (place, key), its one-valued dimensions
    (dimension -> label) and the subgroups its title names."""

    __slots__ = ("output", "placed", "read", "single", "where", "words")

    def __init__(self, output: Output, read: TableCells, placed: list[tuple[int, LabelsKey]],
                 single: dict[str, str], words: frozenset[str],
                 where: frozenset[str] = frozenset()) -> None:
        self.output = output
        self.read = read
        self.placed = placed
        self.single = single
        self.words = words | where  # every subgroup its words name
        self.where = where  # those named as a place (``in the North``)

    def readings(self) -> Iterator[tuple[frozenset[str], str]]:
        """Each set of one-valued dimensions to leave out (the fewest first), and the words
        that say why the table is a part; no dimension left out where only a title says."""
        if self.words:
            yield frozenset(), " and ".join(f"'{w}'" for w in sorted(self.words)) + \
                " named in its title or file name"
        dims = sorted(self.single)
        for r in range(1, len(dims) + 1):
            for chosen in itertools.combinations(dims, r):
                yield frozenset(chosen), ", ".join(f"{d} = {self.single[d]}" for d in chosen)


def _part(output: Output, count_index: Callable[[Output], CountIndex]) -> _Part | None:
    """``output`` as a candidate part: it has one-valued dimensions (not all of them) or a
    title naming a subgroup, and two counts or more (its count index made only then)."""
    table = output.table
    if table is None:
        return None
    words, where = titled_subgroups(output), titled_subgroups(output, placed=True)
    single: dict[str, str] = {}
    if len(table.dimensions) >= 2 and _may_be_one_valued(read := TableCells(output),
                                                         list(table.dimensions)):
        single = {d: label for d, label in one_valued(
            read, read.places_of((Role.COUNT,)), list(table.dimensions)).items() if label}
        if len(single) >= len(table.dimensions) or len(single) > MAX_ONE_VALUED:
            single = {}
    if not single and not words and not where:
        return None
    index = count_index(output)
    if len(index) < 2:
        return None
    placed = [(place, key) for key, place in index.placed()]
    return _Part(output, index.read, placed, single, words, where)


def _unrelated(part: _Part, part_years: set[str], whole: Output, whole_words: frozenset[str],
               whole_where: frozenset[str], whole_years: set[str]) -> bool:
    """The words say the two are not a part and its whole: the whole names a subgroup the
    part does not (two subgroups side by side; a place, beside a part's own place) or the
    part's own, or the two name different years."""
    if whole.table is None or whole is part.output:
        return True
    if whole_words - part.words:
        return True
    # a whole's own place beside a part only a place names (siblings: ``in the South``
    # beside ``in the North``); a part a label or ``among`` names is read as round 51 read it
    if part.where == part.words and not part.single and \
            whole_where - part.words - nation_words():
        return True  # a whole placed in a nation (``in Canada``) stays a whole (round 53)
    if part.words and part.words <= whole_words | whole_where:
        return True
    return bool(part_years and whole_years and not part_years & whole_years)


def single_parts(rule: Rule[Any], tables: list[Output], threshold: int,
                 count_index: Callable[[Output], CountIndex],
                 cited: set[tuple[str, str | None, str | None]],
                 rounding: float = 0.0) -> Iterator[Finding]:
    """SDC503 ``review`` at each count of a part whose whole's count under the same labels
    leaves a rest of 1 to ``threshold`` − 1 (``cited``: cells earlier SDC503 readings
    flagged, not flagged again here). ``rounding`` (``renamed_categories.reach``): counts
    are rounded, so the rest is an interval, reviewed only where all of it lies in 1 to
    ``threshold`` − 1 (round 52)."""
    parts: list[_Part] = []
    for output in tables:
        if (part := _part(output, count_index)) is not None:
            parts.append(part)
    if not parts:
        return
    numbers = count_index(parts[0].output).numbers  # the release's key numbers, shared
    # the subgroups, places and years an output names
    named: dict[int, tuple[frozenset[str], frozenset[str], set[str]]] = {}

    def named_of(output: Output) -> tuple[frozenset[str], frozenset[str], set[str]]:
        found = named.get(id(output))
        if found is None:
            found = named[id(output)] = (titled_subgroups(output),
                                         titled_subgroups(output, placed=True),
                                         _years(_texts(output)))
        return found
    at_of: dict[int, dict[int, int]] = {}
    singles: dict[int, dict[str, str]] = {}
    dones: dict[int, set[int]] = {}

    def singles_of(whole: Output) -> dict[str, str]:
        found = singles.get(id(whole))
        if found is None:
            read = TableCells(whole)
            found = singles[id(whole)] = one_valued(read, read.places_of((Role.COUNT,)),
                                                    list(whole.table.dimensions)
                                                    if whole.table is not None else [])
        return found

    def at(whole: Output) -> dict[int, int]:
        found = at_of.get(id(whole))
        if found is None:
            index = count_index(whole)
            found = at_of[id(whole)] = dict(zip(index.codes, index.spots, strict=True))
        return found

    # the wholes a reading may meet: those printing its first needed key (a posting for
    # each such key, every table's index read once), and those printing a left-out
    # dimension for everyone (by the dimension's name): not every table for every part
    readings = []
    for part in parts:
        for dims, why in part.readings():
            plain = _keys(part, dims, {}, numbers)
            readings.append((part, dims, why, plain))
    firsts = {plain[3][0] for *_, plain in readings
              if len(plain[3]) >= 2 and -1 not in plain[3]}
    postings: dict[int, list[int]] = defaultdict(list)
    left_out = {d.casefold() for part in parts for d in part.single}
    by_dim: dict[str, list[int]] = defaultdict(list)
    for t, whole in enumerate(tables):
        if whole.table is None:
            continue
        for dim in whole.table.dimensions:
            if dim.casefold() in left_out and _for_everyone(singles_of(whole).get(dim)):
                by_dim[dim.casefold()].append(t)
        if firsts:
            for code in firsts.intersection(count_index(whole).codes):
                postings[code].append(t)
    for part, dims, why, plain in readings:
        done = dones.setdefault(id(part), set())  # the part's places reported
        part_years = named_of(part.output)[2] | _years([part.single[d] for d in dims])
        keyed: dict[tuple[tuple[str, str], ...], Any] = {(): plain}
        candidates = set(postings.get(plain[3][0], ())) if plain[3] else set()
        for dim in dims:
            candidates.update(by_dim.get(dim.casefold(), ()))
        for t in sorted(candidates):
            whole = tables[t]
            if len(done) == len(part.placed) or \
                    _unrelated(part, part_years, whole, *named_of(whole)):
                continue
            subs = _for_all(dims, whole, singles_of, part.single)
            if subs is None:
                continue
            found = keyed.get(subs)
            if found is None:
                found = keyed[subs] = _keys(part, dims, dict(subs), numbers)
            kept, codes, back, needed = found
            if len(needed) < 2 or -1 in needed:  # a key no table has: no whole
                continue
            whole_at = at(whole)
            if len(whole_at) < len(needed) or any(c not in whole_at for c in needed) \
                    or any(c in whole_at for c in back):
                continue
            # the part's margins the whole does not print (a Total column) left out
            compared = [(item, whole_at[c]) for item, c in zip(kept, codes, strict=True)
                        if c in whole_at]
            yield from _rests(rule, part, why, [item for item, _ in compared], whole,
                              [spot for _, spot in compared], threshold, cited, done,
                              rounding)


# a whole's one-valued label that says it is everyone's: "All", "Total", "All regions"; or
# a nation the parts lie in ("England" beside "North", round 52; "United States" beside
# "Texas", round 53: ``sdc.places``, a list kept as data)
_ALL = re.compile(r"(?:all|total|totals|overall|everyone|any)(?:\s+[a-z][a-z ]*)?")


def _for_all(dims: frozenset[str], whole: Output,
             singles_of: Callable[[Output], dict[str, str]], part_single: dict[str, str]
             ) -> tuple[tuple[str, str], ...] | None:
    """How the whole prints each left-out dimension it has too: a label for everyone
    (``region`` = All: the part's label read as it) or nothing (every count its margin);
    None where it prints another label there (``South`` beside ``North``: not the whole)."""
    table = whole.table
    assert table is not None
    named = {d.casefold(): d for d in table.dimensions}
    clash = [d for d in sorted(dims) if d.casefold() in named]
    if not clash:
        return ()
    singles = singles_of(whole)
    subs = []
    for dim in clash:
        label = singles.get(named[dim.casefold()])
        if label is None or not _for_everyone(label, part_single.get(dim)):
            return None
        subs.append((dim, label))
    return tuple(subs)


def _for_everyone(label: str | None, part_label: str | None = None) -> bool:
    """A whole's one-valued label for everyone ("All regions", a nation), or "" (margins
    only); a state or province (round 53) beside a part whose label names no listed place
    (``part_label``; None: beside some part, as a candidate)."""
    if label is None:
        return False
    if not label or _ALL.fullmatch(label.casefold()) is not None or is_nation(label):
        return True
    return is_region(label) and (part_label is None or not is_place(part_label))


def _keys(part: _Part, dims: frozenset[str], subs: dict[str, str], numbers: LabelsKeys
          ) -> tuple[list[tuple[int, LabelsKey]], list[int], list[int], list[int]]:
    """The part's counts keyed as the whole's would be: the left-out labels dropped, or read
    as the whole's label for everyone (``subs``: dimension -> it, "" for a margin); their
    numbers; the numbers of the keys with one dropped label back (a whole printing one
    prints the part's own cells: it lacks nothing); and the numbers a whole must have (every
    count's but the part's margins: a whole may print no Total column)."""
    swap = {part.single[d]: subs[d] for d in subs if subs[d]}
    dropped = frozenset(part.single[d] for d in dims) - set(swap)

    def keyed(key: LabelsKey, dropping: frozenset[str]) -> LabelsKey | None:
        if not (dropping | set(swap)) <= set(key):
            return None
        kept = [swap.get(label, label) for label in key if label not in dropping]
        if swap:  # sorted as ``labels_key`` sorts, a measure's name (``\x00``) last
            kept = sorted(k for k in kept if not k.startswith("\x00")) + \
                [k for k in kept if k.startswith("\x00")]
        return tuple(kept)

    kept = [(p, k) for p, k in ((p, keyed(k, dropped)) for p, k in part.placed)
            if k is not None]
    codes = numbers.known_numbers([k for _, k in kept])
    back = [c for label in dropped for c in numbers.known_numbers(
        [k for k in (keyed(k, dropped - {label}) for _, k in part.placed) if k is not None])
        if c >= 0]
    margins = part.read.margins
    needed = [c for (p, _), c in zip(kept, codes, strict=True) if not margins(p)]
    return kept, codes, back, needed


def _rests(rule: Rule[Any], part: _Part, why: str, kept: list[tuple[int, LabelsKey]],
           whole: Output, spots: list[int], threshold: int,
           cited: set[tuple[str, str | None, str | None]], done: set[int],
           rounding: float = 0.0) -> Iterator[Finding]:
    """The rests (whole − part) of a part whose every compared count is at most its whole's
    (within two roundings), one smaller; a ``review`` at each part count whose rest is
    below ``threshold`` — rounded, whose rest's every value is (``_small``)."""
    read, whole_read = part.read, TableCells(whole)
    within = 2 * math.floor(rounding)  # a rest's reach: each count a whole number
    pairs: list[tuple[int, int, float, float]] = []
    for (place, _), spot in zip(kept, spots, strict=True):
        value, whole_value = read.value(place), whole_read.value(spot)
        if value is None or whole_value is None:
            continue
        if value > whole_value + within:
            return  # not its part (or not of these people)
        pairs.append((place, spot, value, whole_value))
    if len(pairs) < 2 or all(v == w for _, _, v, w in pairs):
        return
    named = f"{whole.path}{f'[{whole.sheet}]' if whole.sheet else ''}"
    for place, spot, value, whole_value in pairs:
        rest = whole_value - value
        if place in done or not _small(rest, within, threshold):
            continue
        cell = read.cell(place)
        where = part.output.location(cell)
        if (where.path, where.sheet, where.cell) in cited:
            continue
        done.add(place)
        whole_where = whole.location(whole_read.cell(spot))
        yield rule.finding(
            part.output,
            f"the same count in {named} at {whole_where.cell} ({fmt_number(whole_value)}) "
            f"less this one, of a part of its population ({why}), leaves "
            f"{fmt_number(rest)}{f' (within {fmt_number(within)})' if within else ''} "
            f"outside the part, below the threshold {threshold}",
            cell=cell, related=[whole_where],
            public=f"the same count in {named} at {whole_where.cell} less this one, of a "
                   f"part of its population ({why}), is a count below the threshold",
            evidence={"whole": whole_value, "part": value, "difference": rest,
                      **({"within": within} if within else {})},
            unassessable=True)


def _small(rest: float, within: int, threshold: int) -> bool:
    """Whether a rest is a count below the threshold: unrounded, 0 < rest < threshold;
    rounded (round 52), every whole number within ``within`` of it lies in 1 to
    ``threshold`` − 1 (base 5 to nearest: each count within 2, a rest of 5 is 1..9, one of 0
    or 10 may be no small count; base 10: no rest is surely small)."""
    if not within:
        return 0 < rest < threshold
    return rest - within >= 1 and rest + within <= threshold - 1
