"""What an attacker can write down from a release: each table's additive relations, and the
cells two tables share.

Every count (and every additive magnitude) cell of a table is a variable; each line with a
published total gives ``sum(inner) - total = 0``. Tables are linked where they publish the same
population count twice (the same non-total labels, the same declared population): a cell
suppressed in one table and published in another is then recovered by the audit.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from array import array
from collections import defaultdict
from collections.abc import (
    Callable,
    Container,
    Iterable,
    Iterator,
    Mapping,
    MutableSequence,
    Sequence,
)
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast, overload

from sdc.coords import distinct_labels_by_dim
from sdc.hierarchy import hierarchy_totals
from sdc.link_columns import LinkColumns, LinkNumbers
from sdc.link_labels import link_label
from sdc.mean_counts import audit_bounds
from sdc.measure_lines import CellPlaces, MeasureLines
from sdc.outputs import Output
from sdc.packed_equations import PackedEquations
from sdc.printed_precision import sum_rounding_spread
from sdc.table import DataCell, LabelsKey, Measure, PrintedTops, Role, Table, pads_a_margin
from sdc.unlabelled_rows import UNLABELLED_ROWS

if TYPE_CHECKING:  # numpy loads when a system is audited or linked, not for one plain table
    from sdc.audit import LinearSystem
    from sdc.link_abbreviations import Reading
    from sdc.union_totals import UnionTotal

MIN_SHARED_FOR_LINK = 2  # published cells two tables must agree on before they are linked

# a table's cell under a shared combination: (its position among the combination's members,
# its variable, its published value, whether it is a line's unpublished total)
Held = tuple[int, int, "float | None", bool]
LinkKey = tuple[int, ...]  # a set of normalised labels as their sorted codes (LabelCodes)
# table -> its unknown variables, each with the (value, table, variable) published under its
# key (the variable of that table which publishes it: the audit names its cell)
Constants = dict[int, list[tuple[int, tuple[tuple[float, int, int], ...]]]]
# the same being gathered: table -> variable -> its (value, table, variable) entries
_Pinned = dict[int, dict[int, set[tuple[float, int, int]]]]


class LabelCodes:
    """Normalised labels as small integers, shared by every table of one audit, so a link key
    (the set of labels that define a cell's population) is a sorted tuple of codes: equal
    exactly when the label sets are equal, and about a fifth of a frozenset of the strings
    (a large table has one key per cell and one per line without a total)."""

    def __init__(self, aliases: dict[str, str] | None = None) -> None:
        self._codes: dict[str, int] = {}
        # a short label -> the long one it abbreviates in the release, coded as one
        # (``sdc.link_abbreviations``; empty: no table abbreviates another's labels)
        self.aliases: dict[str, str] = aliases or {}
        self._keys: dict[tuple[str, ...], LinkKey] = {}
        # a label as printed -> the code of its one spelling (``sdc.link_labels.link_label``:
        # case-folded, spaces collapsed, ``F`` as ``female``, ``18 to 24`` as ``18-24``)
        self._folded: dict[str, int] = {}
        # each distinct key once: the tables of a linked release repeat every label
        # combination (ten tables of 25,000 cells, each key a 6-tuple, held 10 times over)
        self._interned: dict[LinkKey, LinkKey] = {}

    def _one(self, key: LinkKey) -> LinkKey:
        return self._interned.setdefault(key, key)

    def key(self, labels: Iterable[str]) -> LinkKey:
        """The labels' key: each coded by its one spelling (``link_label``; a label already
        so spelled is its own), so labels two outputs spell two ways get one code."""
        codes = self._codes
        if self.aliases:
            return self._one(tuple(sorted({self.code(link_label(label)) for label in labels})))
        return self._one(tuple(sorted({codes.setdefault(link_label(label), len(codes))
                                       for label in labels})))

    def code(self, folded: str) -> int:
        """The code of a label already folded (``link_label``), coded now if new: a short
        label's is its long one's (``aliases``)."""
        codes = self._codes
        return codes.setdefault(self.aliases.get(folded, folded), len(codes))

    def find(self, folded: str) -> int | None:
        """The code of a folded label if it is coded (a short label's: its long one's)."""
        return self._codes.get(self.aliases.get(folded, folded))

    def folded_key(self, labels: tuple[str, ...]) -> LinkKey:
        """``key(labels)``, each printed label folded (``link_label``) and coded
        once (a long table repeats a few hundred labels over tens of thousands of cells): the
        same codes, given in the same order, so the same keys."""
        folded = self._folded
        try:
            return self._one(tuple(sorted({folded[label] for label in labels})))
        except KeyError:
            for label in labels:  # in order, as ``key`` codes them
                if label not in folded:
                    folded[label] = self.code(_fold(label))
            return self._one(tuple(sorted({folded[label] for label in labels})))

    def key_of(self, labels: tuple[str, ...]) -> LinkKey:
        """``key(labels)``, remembered: the parent codes again every key the workers send
        (one per variable; most label tuples recur across tables). A remembered tuple's labels
        are all coded already, so the codes, and their order, are those of ``key``."""
        key = self._keys.get(labels)
        if key is None:
            key = self._keys[labels] = self.key(labels)
        return key

    def forget_keys(self) -> None:
        """Let the interned keys go (the codes stay): what shares them now is the caller's.
        Later keys are interned afresh; equal keys are equal tuples either way."""
        self._interned = {}

    def without(self, key: LinkKey, label: str) -> LinkKey:
        """``key`` less one label (``key`` itself when it does not hold it)."""
        code = self.find(link_label(label))
        return key if code is None or code not in key else self._one(
            tuple(c for c in key if c != code))

    def labels(self) -> list[str]:
        """Every label coded so far, at its code."""
        return list(self._codes)


@dataclass
class TableSystem:
    """One measure of one table as a linear system.

    Variables ``0 .. len(cells) - 1`` are the table's cells; a system built with
    ``virtual_totals`` has more after them: one unpublished total per line that prints none,
    so that a total published in another table links to it (:meth:`cell` is ``None`` there).
    """

    output: Output
    measure: Measure
    # variable index -> cell, for the table's own cells: a list as built, their places in
    # the table's cells once ``compact`` (:class:`Places`: no list of the model's cells held)
    cells: Sequence[DataCell]
    # variable -> bound, virtual totals too (lists as built, arrays once ``compact``)
    lower: MutableSequence[float] = field(default_factory=list)
    upper: MutableSequence[float] = field(default_factory=list)
    # the variables the audit solves for
    suppressed: MutableSequence[int] = field(default_factory=list)
    # members, then the total: packed integers (``_equation``), not lists of int objects, all
    # of a table's in two flat arrays (``PackedEquations``; any sequence of them reads alike)
    equation_cells: PackedEquations | list[Sequence[int]] = field(
        default_factory=PackedEquations)
    inconsistent: list[tuple[DataCell, float]] = field(default_factory=list)  # total, sum
    keys: list[LinkKey] = field(default_factory=list)  # variable -> link key (LabelCodes)
    values: list[float | None] = field(default_factory=list)  # variable -> published value
    # a magnitude read as a sum that no fully published line shows to be one (its findings
    # are capped at review: it may be an average whose name does not say so)
    assumed_sum: bool = False
    # every equation is a line's unpublished total, each free (:func:`_free_virtual_totals`):
    # with no link to another table, no equation of it bounds a cell
    free_totals: bool = False
    # audited as counts (:func:`audited_as_count`): a hidden cell below the threshold is
    # narrow, and the table links to other counts
    count: bool = False
    # a count system's ``keys`` and ``values`` as columns once ``compact`` (then both empty)
    links: LinkColumns | None = None
    # the last variables, after ``lower``/``upper``, each bounded by [0, inf) and not stored
    # (``compact``: a long table's unpublished line totals); :meth:`bounds` gives them all
    open_tail: int = 0
    # a table linked with no other (:func:`link_population` its own): its unknown variables
    # (var, link key) that another table's published cell may give as a constant
    # (:func:`published_constants`); once ``compact``, their numbers in the declared
    # population's keys (-1: no table of it has that key), set by :func:`table_systems`
    constant_keys: list[tuple[int, LinkKey]] = field(default_factory=list)
    constant_ids: list[tuple[int, int]] = field(default_factory=list)
    # the published cells printed in exponent notation, ``(var, value, half unit)``, read
    # from the table's raw texts once ``compact`` (``sdc.exponent_bounds.exponent_cells``):
    # the audit's widening then reads no cell of the model after the build (None: not read)
    exponents: list[tuple[int, float, float]] | None = None
    # the variables whose bounds the release's means narrowed (``sdc.mean_counts.
    # audit_bounds``: a count they give back, any size), named in the findings at them
    from_means: list[int] = field(default_factory=list)
    # their bounds before the means narrowed them, ``(var, lower, upper)``: the audit reads the
    # component again with these when the means' bounds contradict the tables linked to it
    # (round 35: the means are then not of the counts printed; SDC402 says so)
    before_means: list[tuple[int, float, float]] = field(default_factory=list)
    # no system is held (built and dropped, :func:`table_systems`): only ``output``,
    # ``measure`` and ``inconsistent`` are set, for SDC402; the audit of hidden cells never
    # reads it
    totals_only: bool = False
    # no table's: the equations ``parts + remainder = whole`` of a release's rows printed
    # in several tables and their totals row in another (``sdc.union_totals``)
    union_of: bool = False
    # the release's abbreviated labels (a short label -> the long one, ``LabelCodes.aliases``)
    # its keys were coded with, one mapping shared by every system of the build
    # (``SystemsBuild.finish``): the union reading spells labels with it (``_links``)
    aliases: Mapping[str, str] = field(default_factory=dict)
    # the readings of the release's ambiguous abbreviations (``link_abbreviations.
    # release_pairings``; None: too many to try), shared by every system of the build:
    # SDC501 audits the release under each (``sdc.ambiguous_readings``)
    readings: list[Reading] | None = field(default_factory=list)

    def compact(self, numbers: LinkNumbers) -> None:
        """Built, before the next table is (the audit holds every table's system until it has
        linked them): a count system's link keys numbered and its values as float columns
        (``sdc.link_columns``: what :func:`shared_cells` reads of them), another's dropped
        (linking reads only counts'), the bounds and hidden variables as arrays, and the
        bounds' trailing run of exactly ``[0.0, inf)`` (the unpublished line totals: ~35,000
        of a 1 MiB long table's 60,000 variables, 0.55 MiB) kept as its length only
        (:func:`open_tail`; :meth:`bounds` gives the same floats back)."""
        table = getattr(self.output, "table", None)  # (a test's bare system has none)
        if table is not None:
            from sdc.exponent_bounds import exponent_cells

            self.cells = Places.of(table, self.cells)
            self.exponents = exponent_cells(self)
        if self.count:
            population = link_population(self.output)
            self.links = numbers.columns(population, self.keys, self.values)
            if (population != population_key(self.output) and self.suppressed
                    and len(self.keys) == len(self.values)):  # else the linking refuses it
                self.constant_keys = [(var, key) for var, (key, value)
                                      in enumerate(zip(self.keys, self.values, strict=True))
                                      if value is None]
        self.keys, self.values = [], []
        self.compact_bounds()

    def compact_bounds(self) -> None:
        """The bounds and hidden variables as :meth:`compact` keeps them, with the bounds'
        open tail cut (idempotent: a cut tail ends on a bound that is not ``[0.0, inf)``).
        A ``-j`` worker does this before it packs a system (:class:`_PackedSystem`), so the
        parent unpickles two float arrays, not a float object per variable and bound."""
        tail = open_tail(self.lower, self.upper)
        stored = len(self.lower) - tail
        self.lower = array("d", self.lower[:stored])
        self.upper = array("d", self.upper[:stored])
        self.open_tail += tail
        self.suppressed = array("q", self.suppressed)

    def bounds(self) -> tuple[Any, Any]:
        """Every variable's lower and upper bound as float64 arrays (the open tail's too)."""
        import numpy as np

        lower = np.asarray(self.lower, dtype=float)
        upper = np.asarray(self.upper, dtype=float)
        if self.open_tail:
            lower = np.concatenate([lower, np.zeros(self.open_tail)])
            upper = np.concatenate([upper, np.full(self.open_tail, np.inf)])
        return lower, upper

    def cell(self, var: int) -> DataCell | None:
        return self.cells[var] if var < len(self.cells) else None

    def release_equations(self) -> None:
        """Free the equations, bounds, keys and values once the audit is done with them: the
        audit is kept while the other release rules run, and a table of 25,000 cells holds
        several MiB of them (``n_vars`` is then 0)."""
        self.equation_cells = PackedEquations()
        self.lower, self.upper, self.keys, self.values = [], [], [], []
        self.links, self.open_tail = None, 0
        self.__dict__.pop("system", None)

    @property
    def n_vars(self) -> int:
        return len(self.lower) + self.open_tail

    @cached_property
    def system(self) -> LinearSystem:
        """The equations and bounds as a :class:`~sdc.audit.LinearSystem`, built on first use:
        a release with nothing suppressed and nothing to link never loads numpy."""

        from sdc.audit import LinearSystem

        # ``cells[i]`` names variable i, so the system needs no label strings of its own.
        lower, upper = self.bounds()
        system = LinearSystem(n_vars=self.n_vars, lower=lower, upper=upper,
                              suppressed=list(self.suppressed))
        for *members, total in self.equation_cells:
            system.add_sum(total, members)
        return system

    def matrix(self) -> tuple[Any, Any]:
        """``self.system.matrix()`` built straight from ``equation_cells``: the same sparse
        ``A`` (canonical CSR: duplicates summed, zeros dropped) and zero right-hand side,
        without a dictionary per equation (a large table has tens of thousands)."""
        import numpy as np
        import scipy.sparse as sp

        n_eq = len(self.equation_cells)
        if isinstance(self.equation_cells, PackedEquations):
            lengths, cols = self.equation_cells.arrays()
        else:
            lengths = np.fromiter(map(len, self.equation_cells), dtype=np.int64, count=n_eq)
            cols = np.fromiter(itertools.chain.from_iterable(self.equation_cells),
                               dtype=np.int64, count=int(lengths.sum()))
        vals = np.ones(len(cols))
        vals[np.cumsum(lengths) - 1] = -1.0  # each equation's last variable is its total
        rows = np.repeat(np.arange(n_eq, dtype=np.int64), lengths)
        a = sp.csr_matrix((vals, (rows, cols)), shape=(n_eq, self.n_vars))
        a.sum_duplicates()
        a.eliminate_zeros()
        return a, np.zeros(n_eq)


class Places(Sequence[DataCell]):
    """A system's cells as their places in its table's ``cells`` (4 bytes a variable, not a
    list of the model's objects): each read resolves to the table's own cell, so identity,
    order and every attribute are those of the list it replaces. The places are what the
    audit names a cell by (issue 14 §3). It reads the list the table held when it was made
    (a table's cells are only ever appended to while it is read), so no later change to
    the table can make a place name another cell."""

    __slots__ = ("at", "own")

    def __init__(self, own: Sequence[DataCell], at: array[int] | range) -> None:
        self.own = own
        self.at = at

    @classmethod
    def of(cls, table: Table, cells: Sequence[DataCell]) -> Places:
        """``cells`` (each one of ``table.cells``) by place; a ``Places`` as it is. A cell
        not in the table raises: a system must never name a cell its table does not hold."""
        if isinstance(cells, Places):
            return cells
        own = table.cells
        if len(cells) == len(own) and all(a is b for a, b in zip(cells, own, strict=True)):
            # every cell, in order (one measure): the places are a ``range`` (none held:
            # 4 bytes a cell of every such table, round 30), read as the array would be
            return cls(own, range(len(own)))
        where = {id(c): i for i, c in enumerate(own)}
        return cls(own, array("i", [where[id(c)] for c in cells]))

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, var: int) -> DataCell: ...

    @overload
    def __getitem__(self, var: slice) -> list[DataCell]: ...

    def __getitem__(self, var: int | slice) -> DataCell | list[DataCell]:
        if isinstance(var, slice):
            own = self.own
            return [own[i] for i in self.at[var]]
        return self.own[self.at[var]]

    def __iter__(self) -> Iterator[DataCell]:
        own = self.own
        return (own[i] for i in self.at)

    def source_at(self, var: int) -> tuple[int, int]:
        """Variable ``var``'s cell's ``source`` row and column: read off the form where the
        cells are made from one (``FormCells.source_at``: no cell made), else the cell's."""
        own, at = self.own, self.at[var]
        read = getattr(own, "source_at", None)
        if read is not None:
            return cast("tuple[int, int]", read(at))
        source = own[at].source
        return source.row, source.col


def open_tail(lower: Sequence[float], upper: Sequence[float]) -> int:
    """How many of the last variables have exactly the bounds ``[0.0, inf)`` (``+0.0``, not
    ``-0.0``: the bits :meth:`TableSystem.bounds` gives back), so that they need not be
    stored. Checked, not assumed: any other bound ends the run."""
    import numpy as np

    lo = np.asarray(lower, dtype=float)
    hi = np.asarray(upper, dtype=float)
    if lo.shape != hi.shape:
        return 0  # not a system's bounds: nothing is left out
    default = (lo == 0.0) & ~np.signbit(lo) & (hi == np.inf)
    other = np.flatnonzero(~default)
    return len(lo) - (int(other[-1]) + 1 if len(other) else 0)


def _equation(places: array[int], total: int) -> array[int]:
    """One equation's variables, the members' (``places``, taken) then the total, as a packed
    array: a large table has tens of thousands of equations, held as long as the audit, and a
    list of ``int`` objects takes about three times the memory."""
    places.append(total)
    return places


def population_key(output: Output) -> str:
    """The declared population of an output (request.toml or its evidence sidecar)."""
    population = output.request.get("population") or {}
    return json.dumps(population, sort_keys=True, default=str)


def link_population(output: Output) -> str:
    """The population the audit links an output's cells within: its declared one
    (:func:`population_key`), or, for a table whose rows have no label column and are told by
    their line numbers (``Table.rows_unlabelled``), that table alone. Such rows name no
    population another table counts; and a line across them (a column's sum over the rows)
    is no margin another table publishes, though its key (the column's label alone) reads
    like one. Given every table's ``Female`` margin, such a sum (unknown, from a table with
    no grand total, so matched with every table) made hundreds of weak links a table and one
    component of a release (docs/decisions.md, "Rows with no label column"). The table's
    own measures still link with each other (``n`` beside ``Total`` on one line)."""
    declared = population_key(output)
    table = getattr(output, "table", None)  # (the tests' stand-ins for outputs have none)
    if table is None or not table.rows_unlabelled:
        return declared
    from sdc.table_standin import first_cell

    cell = first_cell(table)
    first = cell.coords.get(UNLABELLED_ROWS, "") if cell is not None else ""
    return f"{declared}\x00rows of {output.path}\x00{output.sheet or ''}\x00{first}"


def cell_key(table: Table, cell: DataCell) -> LabelsKey:
    """The labels that define a cell's population, ignoring margins and dimension names."""
    return cell.labels_key


def _tolerance(members: list[DataCell], total: DataCell, rounding_base: int | None) -> float:
    """How far a published total may be from the sum of its cells and still be that sum.

    Counts are exact unless the policy rounds them (then each of the n+1 numbers may be off by
    b-1); a magnitude may be off by half a unit of its last printed decimal per number.
    """
    n = len(members) + 1
    if total.measure.role is Role.COUNT:
        return 1e-6 + n * (rounding_base - 1 if rounding_base else 0)
    spread = sum_rounding_spread([c.source.raw for c in [*members, total]])
    return spread + 1e-9 * abs(total.value or 0.0)


def additive_lines(table: Table, measure: Measure
                   ) -> Iterable[tuple[list[DataCell], DataCell]]:
    """Lines of ``measure`` with a published total cell, then its margins over several
    dimensions at once (:func:`_spanning_totals`)."""
    for _dim, members, total in table.lines(measure.role, min_members=1):
        if total is None or members[0].measure is not measure:
            continue
        yield members, total
    yield from _spanning_totals(table, [c for c in table.cells if c.measure is measure])


def audited_as_count(table: Table, measure: Measure) -> bool:
    """Counts, and whole numbers read as counts as well as amounts (``read_as``: a count
    table pandas wrote as floats because a suppressed cell made its column NaN, ``25.0``),
    unless a name says they are averages: the audit takes the stricter reading, so a hidden
    cell the margins or another table give away is found under the count reading too."""
    return measure.role is Role.COUNT or (
        measure.role is Role.MAGNITUDE and measure.read_as is Role.COUNT
        and not _names_an_average(table, measure))


def is_additive(table: Table, measure: Measure, rounding_base: int | None) -> bool:
    """Counts add up by definition; a magnitude only if its fully published lines do
    (a mean does not), and at least one such line shows it."""
    if measure.role is Role.COUNT:
        return True
    if measure.role is not Role.MAGNITUDE or _names_an_average(table, measure):
        return False  # a blank mean is not a hidden addend: means do not sum to their margin
    checked = False
    for members, total in additive_lines(table, measure):
        values = [m.value for m in members]
        if total.value is None or any(v is None for v in values):
            continue
        checked = True
        if abs(sum(values) - total.value) > _tolerance(members, total, rounding_base):  # type: ignore[arg-type]
            return False
    return checked


def assumed_sum(table: Table, measure: Measure, rounding_base: int | None) -> bool:
    """A magnitude that no fully published line shows to add up, but whose every line with a
    published total fits a sum (known parts, none negative, never above it): a turnover column
    with a ``Total`` row and one cell hidden. Read as a sum (the stricter reading: the hidden
    cell may be recoverable), never when its name says it is an average. Also when a fully
    published line shows a sum but another does not add up (a total 9999.5 planted under
    2,168 made the whole measure unaudited): the lines with hidden cells still fit, so they
    are read as sums, their findings capped at review as every assumed sum's."""
    if measure.role is not Role.MAGNITUDE or _names_an_average(table, measure):
        return False
    fitting = published = shown = False
    for members, total in additive_lines(table, measure):
        known = [m.value for m in members if m.value is not None]
        if total.value is None or any(v < 0 for v in known):
            continue
        tolerance = _tolerance(members, total, rounding_base)
        if len(known) == len(members):
            # is_additive said no, so some published line does not add up; one that does,
            # over two or more non-zero parts, still shows a sum: a wrong (or planted) total
            # must not leave the other lines' hidden cells unaudited
            published = True
            if abs(sum(known) - total.value) <= tolerance and sum(v != 0 for v in known) >= 2:
                shown = fitting = True
            continue
        if sum(known) > total.value + tolerance:
            return False
        fitting = True
    return fitting and (shown or not published)


_AVERAGE_WORDS = frozenset({"mean", "means", "average", "averages", "avg"})


def _names_an_average(table: Table, measure: Measure) -> bool:
    """The measure (or, for a wide table's single measure, the title) names an average."""
    text = f"{measure.name} {' '.join(table.title)}" if table.layout == "wide" else measure.name
    return bool(_AVERAGE_WORDS & set(re.findall(r"[a-z]+", text.lower())))


_FOOTNOTE = re.compile(
    r"[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021\u00a7#]+|\[\w{1,3}\]|\(\w\)$")
# Words that name the whole of a line, beyond the policy's total labels; geography stands for
# the sum of its regions. A wrong guess only adds an equation (more findings, never fewer).
TOTAL_WORDS = frozenset({
    "total", "totals", "sum", "all", "overall", "grand total", "all persons", "all people",
    "persons", "all ages", "everyone", "combined", "england", "wales", "scotland",
    "northern ireland", "england and wales", "united kingdom", "uk", "great britain", "gb",
    "national", "nation", "country", "both sexes", "all sexes", "people", "everybody",
    "both", "n", "all groups",
})
# A word that makes any label a total's (``England (total)``, ``Region total``, ``Totals*``).
_TOTAL_WORD = re.compile(r"\b(totals?|overall|subtotal)\b")
_QUALIFIER = re.compile(r"\s*\([^()]*\)$")  # ``England (all regions)``, ``Both sexes (n)``


@lru_cache(maxsize=65_536)  # labels repeat on every line of a long table
def _plain(label: str) -> str:
    return " ".join(_FOOTNOTE.sub(" ", label).replace("_", " ").split()).strip(" :.-").casefold()


@lru_cache(maxsize=16_384)  # a release's labels repeat across its tables (a pure reading)
def looks_like_total(label: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a label may name its line's total (``Total*``, ``Sum``, ``All``, ``England``,
    ``Total¹``, ``Total (all ages)``, ``England (total)``, ``Both sexes``, ``Region total``);
    used only to *add* an equation when the numbers fit."""
    plain = _plain(label)
    bare = _QUALIFIER.sub("", plain)
    return bool(plain) and (plain in TOTAL_WORDS or plain in extra or bare in TOTAL_WORDS
                            or plain.startswith(("total", "all ", "sum of", "grand total"))
                            or bool(_TOTAL_WORD.search(plain)))


def link_key(cell: DataCell, total_labels: frozenset[tuple[str, str]] = frozenset(),
             codes: LabelCodes | None = None) -> LinkKey:
    """The labels that define a cell's population, normalised (case, spaces), without margins
    and without labels read as totals (``total_labels`` holds ``(dimension, label)``), as
    codes of ``codes`` (a fresh ``LabelCodes`` when none is given)."""
    codes = codes if codes is not None else LabelCodes()
    if not total_labels:
        return codes.folded_key(cell.labels_key)
    return codes.key(label for dim, label in cell.coords.items()
                     if dim not in cell.total_dims and label.strip()
                     and (dim, label) not in total_labels)


def _link_keys(cells: list[DataCell], read_as: frozenset[tuple[str, str]],
               codes: LabelCodes) -> list[LinkKey]:
    """``[link_key(c, read_as, codes) for c in cells]``: a large table's (no label read as a
    total) made per distinct label and then all at once (``sdc.line_systems.folded_keys``)."""
    if not read_as and len(cells) >= KEYS_WITH_NUMPY_FROM:
        from sdc.line_systems import folded_keys

        found = folded_keys(cells, codes)
        if found is not None:
            return found
    return [link_key(c, read_as, codes) for c in cells]


KEYS_WITH_NUMPY_FROM = 1_000  # cells: below, each key is made by ``link_key`` (no numpy)


@lru_cache(maxsize=65_536)  # one string per distinct label, not one per cell
def _fold(label: str) -> str:
    return link_label(label)


@dataclass
class _Totalled:
    """:func:`_line_totals`' answer: the measure's lines (None: none is read, the shortcut of
    a table without totals), which member of a line was read as its total (by ``(part,
    line)`` of ``MeasureLines.walk``: its place in the line) and whether any line has a
    total. The lines are read again where used (:func:`_read_lines`), one at a time."""

    lines: MeasureLines | None
    inferred: dict[tuple[int, int], int] = field(default_factory=dict)
    any_total: bool = False

    def __iter__(self) -> Iterator[tuple[str, list[DataCell], DataCell | None, bool]]:
        """Every line, ``(dim, members, total, inferred)``, as the list this once was."""
        for dim, members, total, inferred, _at, _total_at in _read_lines(self, True, 1):
            yield dim, members, total, inferred


# dim, members, total, inferred, the members' places in the measure's cells, the total's place
ReadLine = tuple[str, list[DataCell], "DataCell | None", bool, array, "int | None"]


def _read_lines(totalled: _Totalled, every: bool, least: int = 2) -> Iterator[ReadLine]:
    """The lines :func:`_line_totals` gave a total (published, or a member read as one), and
    with ``every`` also those of ``least`` or more members without: each line's members made
    as it is read, none kept (a member list of every line was the audit's build's peak)."""
    lines = totalled.lines
    if lines is None:
        return
    for p, k, dim, start, end, total in lines.walk():
        at = totalled.inferred.get((p, k))
        if total is None and at is None and not (every and end - start >= least):
            continue
        members = lines.members(p, start, end)
        places = lines.places(p, start, end, members)
        if at is not None:  # the line less its member read as its total
            total, total_at = members.pop(at), places.pop(at)
            yield dim, members, total, True, places, total_at
        else:
            yield (dim, members, total, False, places,
                   None if total is None else lines.place(total))


def _line_totals(table: Table, measure: Measure, rounding_base: int | None,
                 extra: frozenset[str], *, infer: bool, cells: list[DataCell] | None = None
                 ) -> tuple[_Totalled, set[tuple[str, str]]]:
    """Every line of ``measure`` with its total: published, or a member whose label reads as a
    total and whose value fits (``inferred``), or ``None``. Also the ``(dim, label)`` pairs
    read as totals (and never refuted by a line where they did not fit). ``cells``: the
    measure's cells in table order (the places of ``_read_lines`` are in them)."""
    if cells is None:
        cells = [c for c in table.cells if c.measure is measure]
    lines = MeasureLines(table, measure, cells)
    accepted: set[tuple[str, str]] = set()
    refuted: set[tuple[str, str]] = set()
    total_like: dict[str, bool] = {}  # a label's reading, once per distinct label
    by_numbers = frozenset() if not infer else (
        _count_totals_by_numbers(table, measure, rounding_base) if measure.role is Role.COUNT
        else _totals_by_numbers(lines, rounding_base))
    # whether a member may be its line's total depends on its dimension and label only:
    # decided once per (dimension, label), not once per member of every line
    may_total: dict[str, dict[str, bool]] = defaultdict(dict)
    # the dimensions some label of which may be a total: a line of any other dimension has no
    # candidate, so its members are not looked at (most long tables print no total at all)
    totalling = _totalling_dimensions(table, measure, by_numbers, extra, total_like) \
        if infer else set()
    found = _Totalled(lines)
    for p, k, dim, start, end, total in lines.walk():
        if total is not None:
            found.any_total = True
            continue
        if not (infer and end - start >= 3 and dim in totalling):
            continue
        members = lines.members(p, start, end)
        known_labels = may_total[dim]
        flags = []
        for m in members:
            text = m.coords[dim]
            flag = known_labels.get(text)
            if flag is None:
                flag = known_labels[text] = ((dim, text) in by_numbers
                                             or _total_like(text, extra, total_like))
            flags.append(flag)
        candidates = sorted((m for m, flag in zip(members, flags, strict=True)
                             if flag and m.source.value is not None),
                            key=lambda m: -m.value)  # type: ignore[operator]
        tolerance = _ToleranceLessOne(members, rounding_base) if candidates else None
        values = [m.value for m in members]
        whole = None not in values
        for cand in candidates:  # the largest that fits (UK over England, Wales...)
            at = next(i for i, m in enumerate(members) if m is cand)
            # the others' values in line order, so their sum is the same float
            known = [v for v in values[:at] + values[at + 1:] if v is not None]
            tol = tolerance(cand)  # type: ignore[misc]
            fits = (abs(sum(known) - cand.value) <= tol if whole  # type: ignore[operator]
                    else sum(known) <= cand.value + tol)  # type: ignore[operator]
            label = (dim, cand.coords[dim])
            if fits:
                found.inferred[(p, k)] = at
                found.any_total = True
                accepted.add(label)
                break
            refuted.add(label)
    return found, accepted - refuted


def _totalling_dimensions(table: Table, measure: Measure, by_numbers: frozenset[tuple[str, str]],
                          extra: frozenset[str], total_like: dict[str, bool]) -> set[str]:
    """The dimensions of which some label of ``measure``'s cells is read as a total, by the
    numbers or by its words: a member whose label is none of those is never a candidate."""
    found = {dim for dim, _ in by_numbers}
    for dim in table.dimensions:
        if dim not in found and any(
                _total_like(label, extra, total_like)
                for label in {c.coords[dim] for c in table.cells
                              if c.measure is measure and dim in c.coords}):
            found.add(dim)
    return found


def _totals_by_numbers(lines: Iterable[tuple[str, list[DataCell], DataCell | None]],
                       rounding_base: int | None) -> frozenset[tuple[str, str]]:
    """``(dim, label)`` of members that are their line's total by the numbers alone, whatever
    their label (``Registered`` beside ``Vaccinated`` and ``Not vaccinated``, ``2019-2021``
    after its years, ``Year`` after ``Q1..Q4``): the sum of the other members in at least two
    fully published lines, never otherwise in one. Only when a line hides a cell (the
    equation is what the audit needs; chance sums over two lines are rare)."""
    if not any(m.value is None and m.suppressed for _, members, total in lines
               if total is None for m in members):
        return frozenset()
    proven: dict[tuple[str, str], int] = defaultdict(int)
    broken: set[tuple[str, str]] = set()
    for dim, members, total in lines:
        if total is None:
            _prove_line(dim, members, rounding_base, proven, broken)
    return frozenset(k for k, n in proven.items() if n >= 2 and k not in broken)


def _prove_line(dim: str, members: list[DataCell], rounding_base: int | None,
                proven: dict[tuple[str, str], int], broken: set[tuple[str, str]]) -> None:
    """One line without a published total, for :func:`_totals_by_numbers`: each member that
    is the sum of the others counts once in ``proven``, each other one goes to ``broken``
    (a line shorter than three or with a blank member says nothing)."""
    if len(members) >= 3:
        values = [m.source.value for m in members]
        if None in values:
            return
        whole = sum(values)  # type: ignore[arg-type]
        nonzero = sum(1 for v in values if v)
        tolerance = _ToleranceLessOne(members, rounding_base)
        for m, v in zip(members, values, strict=True):
            key = (dim, m.coords[dim])
            # the others: every member but m (``nonzero - 1`` of them non-zero when m is)
            if v and nonzero - 1 >= 2 and abs(whole - 2 * v) <= tolerance(m):
                proven[key] += 1
            else:
                broken.add(key)


class _ToleranceLessOne:
    """``_tolerance(rest, m, rounding_base)`` for a member ``m`` of a line, ``rest`` being
    the line less ``m``, without building ``rest`` or reading the line again for each member
    (a line of a few hundred magnitudes read as counts took seconds): ``rest`` and ``m``
    together are the whole line, so ``n`` is the line's length and a magnitude's decimals are
    the line's most, read once; only a magnitude's own size differs, added as ``_tolerance``
    adds it."""

    def __init__(self, members: list[DataCell], rounding_base: int | None) -> None:
        self.members = members
        self.n = len(members)
        self.count = 1e-6 + self.n * (rounding_base - 1 if rounding_base else 0)
        self.spread: float | None = None

    def __call__(self, m: DataCell) -> float:
        if m.measure.role is Role.COUNT:
            return self.count
        if self.spread is None:
            self.spread = sum_rounding_spread([c.source.raw for c in self.members])
        return self.spread + 1e-9 * abs(m.value or 0.0)


def _count_totals_by_numbers(table: Table, measure: Measure, rounding_base: int | None
                             ) -> frozenset[tuple[str, str]]:
    """``_totals_by_numbers`` of the lines of a count ``measure`` without a published total,
    read whole per dimension with numpy instead of member by member: the same answer.

    A member proves itself its line's total when it is not zero, the line has at least three
    non-zero numbers and ``|sum - 2 * member|`` is within the line's tolerance (the same for
    every member of a line of counts). numpy finds the lines where that may hold, with a
    margin for summing in another order; those few lines are read exactly as before. Every
    member of every other eligible line is ``broken``: a label proven twice survives only when
    no such line holds it, which is looked up for those labels alone."""
    if not any(c.source.value is None and c.source.marker is not None
               for c in table.cells if c.measure is measure):
        return frozenset()  # nothing hidden: as below, without loading numpy
    import numpy as np

    from sdc.line_arrays import cell_arrays, line_segments

    proven: dict[tuple[str, str], int] = defaultdict(int)
    broken: set[tuple[str, str]] = set()
    hides = False  # a line without a total hides a cell (else nothing is read as a total)
    plain: list[tuple[str, Sequence[DataCell], np.ndarray]] = []  # eligible lines no member proves
    slack = rounding_base - 1 if rounding_base else 0
    kept = table.line_parts(measure.role)
    every = cell_arrays(kept)
    every_hidden = every.blank & every.marked
    ours = np.fromiter((c.measure is measure for c in kept.cells), dtype=bool,
                       count=len(kept.cells))
    for part in line_segments(kept):
        dim, flat, totals, order = part.dim, part.flat, part.totals, part.order
        starts, stops, sizes, line_of = part.starts, part.stops, part.sizes, part.line_of
        blank, values = every.blank[order], every.value[order]
        own = ours[order][starts]  # a line's cells are all of one measure
        if totals:
            own[np.fromiter(totals, dtype=np.int64, count=len(totals))] = False  # a total
        if not hides and (every_hidden[order] & own[line_of]).any():
            hides = True
        eligible = own & (sizes >= 3) & ~np.logical_or.reduceat(blank, starts)
        with np.errstate(all="ignore"):
            whole = np.add.reduceat(np.where(blank, 0.0, values), starts)
            size = np.add.reduceat(np.where(blank, 0.0, np.abs(values)), starts)
            nonzero = np.add.reduceat(values != 0, starts)  # nan counts, as in Python
            tol = 1e-6 + sizes * slack + 1e-7 * size + 1e-9  # wider than the exact test
            may = (eligible[line_of] & (values != 0) & (nonzero[line_of] >= 3)
                   & ~(np.abs(whole[line_of] - 2 * values) > tol[line_of]))  # nan: may
        candidates = np.zeros(len(stops), dtype=bool)
        candidates[line_of[may]] = True
        for k in np.flatnonzero(candidates).tolist():
            _prove_line(dim, flat[starts[k]:stops[k]], rounding_base, proven, broken)
        plain.append((dim, flat, (eligible & ~candidates)[line_of]))
    if not hides:
        return frozenset()
    survivors = {k for k, n in proven.items() if n >= 2 and k not in broken}
    for dim, line_cells, members in plain:
        labels = {label for d, label in survivors if d == dim}
        if labels:
            survivors -= {(dim, line_cells[i].coords[dim])
                          for i in np.flatnonzero(members).tolist()
                          if line_cells[i].coords[dim] in labels}
    return frozenset(survivors)


def _total_like(label: str, extra: frozenset[str], seen: dict[str, bool]) -> bool:
    """``looks_like_total``, remembered in ``seen`` (a long table's lines repeat a few
    hundred labels)."""
    known = seen.get(label)
    if known is None:
        known = seen[label] = looks_like_total(label, extra)
    return known


def rounding_slack(base: int, scheme: str = "any") -> int:
    """How far a count published rounded to ``base`` may be from the true count: ``base // 2``
    rounded to the nearest multiple (5: v-2..v+2; 10: v-5..v+5, ties either way), ``base - 1``
    under any rounding that moves a count by less than one base (random, controlled)."""
    return base // 2 if scheme == "nearest" else base - 1


def printed_tops_bounds(shown: PrintedTops, hidden: Container[tuple[int, int]] = ()
                        ) -> tuple[float, float]:
    """The bounds a hidden magnitude's own row prints in tau-ARGUS evidence columns (``freq``,
    ``top1``, ``top2`` beside it: ``Table.printed_tops``, set only from the file's own
    columns). Its ``units`` contributors' ``k`` largest are printed, so any reader of the file
    knows it is at least their sum (when none is negative) and at most that sum and
    ``units - k`` more no larger than the last. The audit took it as ``[0, inf)``: N1 (500 and
    60 of 3 companies, so at most 620) hidden beside N2 gave no SDC502 whose (2, 90%) reach
    asks 622.2 (audit3/audit4, issue 12). ``hidden``: positions a protected file will hide
    (``sdc protect``'s plan): a top hidden there bounds nothing, the units hidden nothing
    above."""
    if shown.smallest < 0 or any(at in hidden for at in shown.tops_at):
        return 0.0, math.inf  # a negative top: its sort is not by value, nothing certain
    lower = shown.listed if shown.non_negative else 0.0
    units = shown.units
    if units is None or units < shown.k or units != int(units) or shown.units_at in hidden:
        return lower, math.inf
    return lower, shown.listed + (units - shown.k) * shown.smallest


def _cell_bounds(cells: list[DataCell], rounded: int | None, scheme: str = "any",
                 tops: dict[tuple[int, int], PrintedTops] | None = None
                 ) -> tuple[list[float], list[float], list[int]]:
    """Each cell's bounds (its value, widened by the rounding base as ``scheme`` rounds when
    it is a multiple of it; ``0..inf`` when unknown) and the indices of the suppressed cells.
    ``tops``: the contributions the file prints beside hidden magnitudes, which bound them
    (:func:`printed_tops_bounds`)."""
    # a comprehension per list, each value read once (``cell.value`` is a property): a long
    # table's cells are 100,000
    values = [c.source.value for c in cells]
    if rounded:
        # a count that is no multiple of the base was not rounded to it (SDC401 says so): it
        # is what it prints, as a reader takes it (round 32)
        slack = rounding_slack(rounded, scheme)
        lower = [0.0 if v is None else max(v - slack, 0.0) if v % rounded == 0 else v
                 for v in values]
        upper = [math.inf if v is None else v + slack if v % rounded == 0 else v
                 for v in values]
    else:
        lower = [0.0 if v is None else v for v in values]
        upper = [math.inf if v is None else v for v in values]
    suppressed = [i for i, (v, c) in enumerate(zip(values, cells, strict=True))
                  if v is None and c.source.marker is not None]
    for i, v in enumerate(values):
        if v is not None and v < 0:
            lower[i] = v  # published negatives (net sums) bound nothing below
    if tops:
        for i in suppressed:
            shown = tops.get((cells[i].source.row, cells[i].source.col))
            if shown is not None:
                low, high = printed_tops_bounds(shown)
                lower[i], upper[i] = max(lower[i], low), min(upper[i], high)
    if any(map(math.isnan, lower)) or any(map(math.isnan, upper)):
        raise ValueError("bounds must not be NaN (use -inf / inf for no bound)")  # as
        # LinearSystem would refuse them
    return lower, upper, suppressed


def _means_bounds(table: Table, cells: list[DataCell], lower: list[float], upper: list[float]
                  ) -> list[tuple[int, float, float]]:
    """``lower``/``upper`` narrowed where the release's means give a count back
    (:func:`sdc.mean_counts.audit_bounds`: kept before the rules, exact, small or a range
    narrower than the table's margins leave), so that a count given back in one table bounds
    the tables linked to it (rounds 34, 35). A bound that misses the file's own (a mean over
    fewer units than its count) is not used. The variables narrowed, in order, each with its
    bounds before."""
    kept = audit_bounds(table)
    if not kept:
        return []
    index = {id(c): i for i, c in enumerate(cells)}
    narrowed = []
    for cell, lo, hi in kept:
        i = index.get(id(cell))
        if i is None:
            continue
        new_lo, new_hi = max(lower[i], float(lo)), min(upper[i], float(hi))
        if new_lo > new_hi or (new_lo, new_hi) == (lower[i], upper[i]):
            continue
        narrowed.append((i, lower[i], upper[i]))
        lower[i], upper[i] = new_lo, new_hi
    return sorted(narrowed)


def _consistent(found: list[tuple[DataCell, float]], members: list[DataCell], total: DataCell,
                rounded: int | None, shown_rounded: int | None = None) -> bool:
    """Whether a published line adds up to its published total (within the rounding); an
    inconsistent line is recorded in ``found`` (a system's ``inconsistent``) and kept out (it
    would make the whole system infeasible). ``shown_rounded``: the base every count of the
    table is a multiple of (:func:`rounded_by_numbers`); a fully published line off by no
    more than independent rounding to it moves each number (half a base each) is kept out
    without a finding: its numbers are all published (fixed in the system), so the line
    bounds no hidden cell."""
    member_values = [m.value for m in members]
    if total.value is None or any(v is None for v in member_values):
        return True
    gap = abs(sum(member_values) - total.value)  # type: ignore[arg-type]
    if gap > _tolerance(members, total, rounded):
        if shown_rounded and rounded is None and \
                gap <= (len(members) + 1) * shown_rounded / 2 + 1e-9:
            return False
        found.append((total, float(sum(member_values))))  # type: ignore[arg-type]
        return False
    return True


ROUNDED_MIN_VALUES = 8  # non-zero counts, all multiples of the base, before the table is rounded


def rounded_by_numbers(cells: list[DataCell]) -> int | None:
    """The base (10, else 5) every published count of a table is a multiple of, when at least
    ``ROUNDED_MIN_VALUES`` of them are non-zero: a table rounded before release (by chance,
    eight counts are all multiples of 5 once in 390,000). Its totals were rounded on their own
    and may differ from the sum of the rounded cells: that is no inconsistency to review."""
    return rounded_base([c.value for c in cells if c.value is not None and not c.suppressed])


def rounded_base(values: list[float]) -> int | None:
    """:func:`rounded_by_numbers` of a table's published values (none suppressed or blank)."""
    if sum(1 for v in values if v) < ROUNDED_MIN_VALUES:
        return None
    for base in (10, 5):
        if all(float(v).is_integer() and v % base == 0 for v in values):
            return base
    return None


def _virtual_total(ts: TableSystem, virtual: dict[LinkKey, int], dim: str,
                   members: list[DataCell], first_at: int, codes: LabelCodes) -> int:
    """The variable of a line's unpublished total, keyed like a published total (added to
    ``ts.keys`` and ``ts.values`` the first time the key is seen). ``first_at``: the first
    member's place in the measure's cells."""
    first = members[0]
    key = codes.without(ts.keys[first_at], _fold(first.coords[dim].strip()))
    var = virtual.get(key)
    if var is None:
        var = virtual[key] = len(ts.cells) + len(virtual)
        ts.keys.append(key)
        known = [m.source.value for m in members]
        ts.values.append(None if None in known else float(sum(known)))  # type: ignore[arg-type]
    return var


def build_table_system(output: Output, measure: Measure, rounding_base: int | None, *,
                       infer_totals: bool = False, virtual_totals: bool = False,
                       total_labels: Iterable[str] = (), codes: LabelCodes | None = None,
                       link: bool = True, rounding_scheme: str = "any",
                       assume_sums: bool = False, unlinked: bool = False
                       ) -> TableSystem | None:
    """The linear system of one measure of one table.

    ``infer_totals`` reads a member labelled like a total (``Sum``, ``England``, ``Total¹``)
    as its line's total when the numbers fit; ``virtual_totals`` gives every count line that
    prints no total an unpublished total variable, keyed like a published one, so that a total
    in another table of the same population links to it. ``codes``: the label codes of the
    keys, shared by the tables whose keys are compared (a fresh one when none is given).
    ``link=False`` leaves ``keys`` empty: nothing will link this table to another.
    ``rounding_scheme``: how counts were rounded to ``rounding_base`` (:func:`rounding_slack`).
    ``assume_sums``: a magnitude that only fits a sum is read as one (:func:`assumed_sum`).
    ``unlinked``: no other table can link to this one (the release's only count system:
    :func:`shared_cells` links none). Then a system whose only equations would be its lines'
    unpublished totals is built without them and without keys, when they are provably free
    (:func:`_free_virtual_totals`): each such total is a variable of one equation only, free
    above, over members none of which can be negative, so any values of the cells fit it and
    the audit finds every hidden cell's interval from its own bounds, as it would with them.
    """
    table = output.table
    if table is None:
        return None
    assumed = False
    count = audited_as_count(table, measure)
    if not is_additive(table, measure, rounding_base):
        # an amount that only fits a sum is audited as one, as before (its findings capped
        # at review); a count reading that no line shows still makes a system
        assumed = assume_sums and assumed_sum(table, measure, rounding_base)
        count = count and not assumed
        if not assumed and not count:
            return None
    extra = frozenset(_plain(t) for t in total_labels)
    cells = [c for c in table.cells if c.measure is measure]
    rounded = rounding_base if count else None
    lower, upper, suppressed = _cell_bounds(cells, rounded, rounding_scheme,
                                            table.printed_tops)
    before_means = _means_bounds(table, cells, lower, upper) if count else []
    from_means = [i for i, _lo, _hi in before_means]
    shown_at: list[int | None] = []  # rounded_by_numbers, worked out when a line has a total

    def shown() -> int | None:
        if not shown_at:
            shown_at.append(rounded_by_numbers(cells) if rounded is None and count else None)
        return shown_at[0]

    hierarchy = None
    if (virtual_totals and unlinked and count and measure.role is Role.COUNT
            and _plainly_free(table, measure, cells, rounded, extra, infer_totals)):
        # what the shortcut below decides, known before any line is read: no line has a
        # total (no margin, and no label reads as one) and the free totals are free
        hierarchy = hierarchy_totals(table, cells,
                                     lambda kids, parent: _tolerance(kids, parent, rounded))
        if not hierarchy:
            return TableSystem(output=output, measure=measure, cells=cells, lower=lower,
                               upper=upper, suppressed=suppressed,
                               values=[c.value for c in cells], assumed_sum=assumed,
                               count=count, from_means=from_means,
                               before_means=before_means)
    # no line has a total (nor would one be inferred): the lines are not read one by one, and
    # their unpublished totals are made all at once (sdc.line_systems)
    totalless = ((link or not virtual_totals)
                 and _plainly_totalless(table, measure, cells, rounded, extra, infer_totals))
    lines, read_as_total = (_Totalled(None), set()) if totalless else _line_totals(
        table, measure, rounded, extra, infer=infer_totals, cells=cells)
    codes = codes if codes is not None else LabelCodes()
    read_as = frozenset(read_as_total)
    free = False
    if (virtual_totals and count and not lines.any_total
            and _free_virtual_totals(table, cells, read_as)):
        if hierarchy is None:
            hierarchy = hierarchy_totals(
                table, cells, lambda kids, parent: _tolerance(kids, parent, rounded))
        free = not hierarchy
        if free and unlinked:  # no equation but the free totals': the cells' bounds alone
            return TableSystem(output=output, measure=measure, cells=cells, lower=lower,
                               upper=upper, suppressed=suppressed,
                               values=[c.value for c in cells], assumed_sum=assumed,
                               count=count, from_means=from_means,
                               before_means=before_means)
    # a cell's place by identity, for the equations not read from the kept lines (spanning
    # and hierarchy totals), made only if one is: no dictionary of every cell (23 MiB on a
    # 5 MiB page: issue 14 §3, round 38)
    places = CellPlaces(cells)
    keys = _link_keys(cells, read_as, codes) if link else []
    ts = TableSystem(output=output, measure=measure, cells=cells, lower=lower, upper=upper,
                     suppressed=suppressed, keys=keys, values=[c.value for c in cells],
                     assumed_sum=assumed, free_totals=free, count=count,
                     from_means=from_means, before_means=before_means)
    virtual: dict[LinkKey, int] = {}
    n_virtual = 0
    if totalless and virtual_totals and count:
        from sdc.line_systems import virtual_totals as made_whole

        new_keys, new_values, ts.equation_cells = made_whole(
            table.line_parts(measure.role), cells, keys, codes)
        ts.keys.extend(new_keys)
        ts.values.extend(new_values)
        n_virtual = len(new_keys)
    every = virtual_totals and count  # each line without a total gets one unpublished
    for dim, members, total, inferred, at, total_at in _read_lines(lines, every):
        if total is not None:
            if inferred or _consistent(ts.inconsistent, members, total, rounded, shown()):
                ts.equation_cells.append(_equation(at, total_at))  # type: ignore[arg-type]
        elif every and len(members) >= 2:
            total_var = _virtual_total(ts, virtual, dim, members, at[0], codes)
            ts.equation_cells.append(_equation(at, total_var))
    for members, total in _spanning_totals(table, cells):
        if _consistent(ts.inconsistent, members, total, rounded, shown()):
            ts.equation_cells.append(_equation(places.of(members), places[total]))
    if hierarchy is None:
        hierarchy = hierarchy_totals(table, cells,
                                     lambda kids, parent: _tolerance(kids, parent, rounded))
    for members, total in hierarchy:
        ts.equation_cells.append(_equation(places.of(members), places[total]))
    n_virtual += len(virtual)
    lower.extend([0.0] * n_virtual)
    upper.extend([math.inf] * n_virtual)
    return ts


def _plainly_totalless(table: Table, measure: Measure, cells: list[DataCell],
                       rounded: int | None, extra: frozenset[str], infer: bool) -> bool:
    """Whether :func:`_line_totals` would give no line of ``measure`` a total, decided without
    reading a line: no cell is a margin (so no line has a published total, and no margin
    spans dimensions), the role's lines are this measure's alone (the lines of
    ``line_parts``, none left out), and no total would be inferred: no label of its cells
    reads as one by its words or by the numbers (:func:`_totalling_dimensions` would find no
    dimension). Counts only: a magnitude's totals by the numbers are read otherwise."""
    if measure.role is not Role.COUNT or any(c.total_dims for c in cells):
        return False
    if len(table.line_parts(measure.role).cells) != len(cells):
        return False
    if infer:
        seen: dict[str, bool] = {}
        along = distinct_labels_by_dim([c.coords for c in cells], table.dimensions)
        for dim in table.dimensions:
            labels = set(along[dim])
            labels.discard(None)  # a cell without the dimension
            if any(_total_like(label, extra, seen) for label in labels):
                return False
        if _count_totals_by_numbers(table, measure, rounded):
            return False
    return True


def _plainly_free(table: Table, measure: Measure, cells: list[DataCell], rounded: int | None,
                  extra: frozenset[str], infer: bool) -> bool:
    """Whether ``_line_totals`` would give no line a total and ``_free_virtual_totals`` would
    hold, decided without reading a line: the free test's own conditions rule out every
    margin (so no published total), and a total is inferred only at a label read as one (by
    its words or by the numbers, :func:`_totalling_dimensions`), of which there is none."""
    labels: dict[str, set[str]] = {}  # each dimension's, read once by the free test
    if not _free_virtual_totals(table, cells, frozenset(), labels):
        return False
    if infer:
        seen: dict[str, bool] = {}
        if any(_total_like(label, extra, seen) for dim in table.dimensions
               for label in labels[dim]):  # every cell holds every one
            return False
        if _count_totals_by_numbers(table, measure, rounded):
            return False
    return True  # nothing is read as a total: the free test held with none


def _free_virtual_totals(table: Table, cells: list[DataCell],
                         read_as: frozenset[tuple[str, str]],
                         labels_of: dict[str, set[str]] | None = None) -> bool:
    """Whether every unpublished line total of ``cells`` (:func:`_virtual_total`) would be a
    variable of its own line's equation only, over members that cannot be negative: then no
    values of the cells break those equations, and leaving them out changes no interval.

    Decided per distinct label, not per line: no cell is a margin, none lacks a dimension,
    no label is blank or read as a total, no published value is negative, and the folded
    labels (the link keys' codes) name one label of one dimension each. Then a line's total
    is keyed by exactly its other dimensions' labels, which no other line shares.
    ``labels_of``: filled with each dimension's labels as they are read (``_plainly_free``
    reads them next)."""
    dims = table.dimensions
    n_dims = len(dims)
    names = set(dims)
    if not _free_cells_by_columns(cells, n_dims, names):
        for cell in cells:
            coords = cell.coords
            if cell.total_dims or len(coords) != n_dims or not coords.keys() <= names:
                return False  # a margin, a missing dimension or a coordinate that is none
            value = cell.source.value
            if value is not None and not value >= 0:  # negative (or NaN): a bound below
                return False
    folded_anywhere: set[str] = set()
    along = distinct_labels_by_dim([cell.coords for cell in cells], dims)
    for dim in dict.fromkeys(dims):
        labels = along[dim]  # every cell holds every dimension
        if labels_of is not None:
            labels_of[dim] = labels
        known = {label: link_label(label) for label in labels}
        folded = set(known.values())
        if (len(folded) != len(known) or "" in folded or folded & folded_anywhere
                or any((dim, label) in read_as for label in known)):
            return False
        folded_anywhere |= folded
    return True


def _free_cells_by_columns(cells: list[DataCell], n_dims: int, names: set[str]) -> bool:
    """True when :func:`_free_virtual_totals`' test of each cell would pass every cell,
    worked out a column at a time for the rows of one ``LabelColumns`` store (a long
    table's: each row's names are the store's, so they are checked once) whose values are
    floats or unknown: no margin, and no value negative or NaN. False: the cells are read
    one by one (a cell that fails, or cells of another kind)."""
    if len(cells) < FREE_BY_COLUMNS_FROM:
        return False
    from sdc.coords import one_store

    store = one_store([c.coords for c in cells])
    if store is None or len(store.at) != n_dims or not store.at.keys() <= names:
        return False
    if any(map(_TOTAL_DIMS, cells)):
        return False
    values = list(map(_SOURCE_VALUE, cells))
    if not set(map(type, values)) <= _FLOAT_OR_NONE:
        return False
    import numpy as np

    known = np.array([v for v in values if v is not None], dtype=np.float64)
    return bool((known >= 0).all())


FREE_BY_COLUMNS_FROM = 2_048  # cells: below, each is read by the loop
_TOTAL_DIMS = attrgetter("total_dims")
_SOURCE_VALUE = attrgetter("source.value")
_FLOAT_OR_NONE = frozenset({float, type(None)})


def _spanning_totals(table: Table, cells: list[DataCell]
                     ) -> list[tuple[list[DataCell], DataCell]]:
    """Margins over several dimensions at once that no line holds: pandas labels the margin of
    MultiIndex columns ``('All', '')`` (and rows likewise), one total over every (sex, group)
    pair, so a margin cell with a blank label in another dimension is the total of every inner
    cell that shares its other labels. (Each such equation only constrains the audit more: a
    wrong reading makes a line inconsistent, never a cell safe.)"""
    spans: dict[frozenset[str], list[DataCell]] = {}
    doubled: list[DataCell] = []
    margins: list[DataCell] = []
    for cell in cells:
        if not cell.total_dims:
            continue
        margins.append(cell)
        blank = {d for d in table.dimensions if d in cell.coords and not cell.coords[d].strip()
                 and pads_a_margin(table, d, cell.total_dims)}
        if blank and len(blank | cell.total_dims) >= 2:
            spans.setdefault(frozenset(blank | cell.total_dims), []).append(cell)
        elif not blank and len(cell.total_dims) >= 2:
            doubled.append(cell)
    if doubled:
        for cell in _unheld(table, margins, doubled):
            spans.setdefault(frozenset(cell.total_dims), []).append(cell)
    found: list[tuple[list[DataCell], DataCell]] = []
    for dims, totals in spans.items():
        others = [d for d in table.dimensions if d not in dims]
        inner: dict[tuple[str | None, ...], list[DataCell]] = defaultdict(list)
        for cell in cells:
            # an inner cell's blank label is a key of its own (pandas writes a missing key
            # blank, and its margins count it: round 28), so it is one of the members
            if not cell.total_dims and all(d in cell.coords for d in dims):
                inner[tuple(cell.coords.get(d) for d in others)].append(cell)
        for total in totals:
            members = inner.get(tuple(total.coords.get(d) for d in others), [])
            if len(members) >= 2:
                found.append((members, total))
    return found


def _unheld(table: Table, margins: list[DataCell], doubled: list[DataCell]
            ) -> list[DataCell]:
    """The margins over several dimensions, each labelled (``Total,Total``, ``All,All``:
    no pandas pad), that total no line: no cell is a category of one of those dimensions
    and prints its other labels, so no line along any of them reads it as its total. Such a
    row under ``18-64,North`` and ``18-64,South`` (no subtotal row) is the total over every
    inner cell of its other labels, as pandas' padded ``All,`` is; without it the printed
    grand total tied nothing (round 42: ``Total,Total,55,85,140`` beside a hidden North F
    passed). A line's member there is itself a margin (along the others), so only
    ``margins`` (the table's margin cells) are read."""
    dims = table.dimensions

    def key(cell: DataCell, at: int) -> tuple[str | None, ...]:
        totals = cell.total_dims
        return tuple(None if o in totals else cell.coords.get(o)
                     for o in dims[:at] + dims[at + 1:])

    held = {(d, key(cell, i)) for cell in margins for i, d in enumerate(dims)
            if d in cell.coords and d not in cell.total_dims}
    return [cell for cell in doubled
            if not any((d, key(cell, i)) in held
                       for i, d in enumerate(dims) if d in cell.total_dims)]


def table_systems(outputs: Iterable[Output], rounding_base: int | None, *,
                  rounding_scheme: str = "any", total_labels: Iterable[str] = (),
                  on_error: Callable[[Output, Exception], None] | None = None,
                  jobs: int = 1, compact: bool = False,
                  needed_only: bool = False,
                  vet: Callable[[TableSystem], object] | None = None,
                  on_built: Callable[[Output, list[TableSystem]], object] | None = None
                  ) -> list[TableSystem]:
    """The systems of every additive measure of every table, with inferred and virtual totals.

    A table whose system cannot be built is passed to ``on_error`` (the caller turns it into a
    finding on that output) and the others are still built; without ``on_error`` it raises.
    With ``jobs`` > 1 the tables' systems are built in worker processes (``sdc.pool``) and
    sent back packed (:class:`_PackedSystem`): the same systems, keys coded in the same order.
    ``compact`` (the audit): each system made compact (:meth:`TableSystem.compact`) as soon
    as it is built, all of them numbering their keys together, so what every table holds
    until the linking is columns, not lists of objects; and each table's lines forgotten
    once its systems are built (:func:`_forget_lines`).

    ``needed_only`` (the audit): a table the audit of hidden cells cannot need gets no
    system held, only its inconsistent totals (built and dropped at once, for SDC402) in a
    ``totals_only`` stand-in, and only when it has some. A table is needed when it hides a
    cell or shares its declared population (:func:`population_key`) with one that does:
    every link (:func:`link_population` refines the declared population), every hub and
    every published constant (:func:`published_constants`) is within a declared population,
    so the others' systems change no interval. Such a table is still built, and dropped at
    once: its build's errors (and ``vet``'s, which the audit runs on every system it
    holds when a cell is hidden: the exponents' widening) go to ``on_error`` as before.

    ``on_built``: called with each table and its systems (its ``totals_only`` ones too) as
    soon as they are built, before the next table's build (the audit lets its model go
    there: ``sdc.table_standin``); a table whose build failed is not given to it.
    """
    tables = [output for output in outputs if output.table is not None]
    build = SystemsBuild(tables, rounding_base, rounding_scheme=rounding_scheme,
                         total_labels=total_labels, on_error=on_error, compact=compact,
                         needed_only=needed_only, vet=vet, on_built=on_built)
    from sdc import pool
    from sdc.pool import ordered_map

    needed = build.needed
    pooled = jobs > 1 and len(needed) >= pool.MIN_ITEMS_FOR_POOL
    # a table this process builds itself as it takes it (``here``) is built in ``add``, not
    # packed and unpacked: while SDC503's process holds the other core, that is every table
    results: Iterator[tuple[bool, Any] | None] = iter(
        ordered_map(build.packed, needed, jobs, here=_built_here) if pooled
        else [None] * len(needed))
    for output in tables:
        build.add(output, next(results) if id(output) in build.wanted else None)
    for _ in results:  # every needed table's taken: this ends the pool's generator
        raise RuntimeError("a table's systems were built but not read")
    return build.finish()


def _built_here(output: Output) -> None:
    """A needed table the parent builds as it takes it: ``SystemsBuild.add`` builds it."""
    return None


class SystemsBuild:
    """``table_systems``' build, one table at a time in output order (``add``), so it may be
    fed as each table's per-output rules end (``sdc.audit_prebuild``) as well as in one loop.
    What the build takes of the release is worked out here, once, from every table before
    the first is built: ``hidden`` (a table hides a cell), ``needed`` (the tables the audit
    of hidden cells needs: ``needed_only``), ``unlinked`` (one count measure in the release)
    and whether the systems are numbered together (``numbers``: compact, more than one
    table). ``finish`` ends it once every table is added."""

    def __init__(self, tables: list[Output], rounding_base: int | None, *,
                 rounding_scheme: str = "any", total_labels: Iterable[str] = (),
                 on_error: Callable[[Output, Exception], None] | None = None,
                 compact: bool = False, needed_only: bool = False,
                 vet: Callable[[TableSystem], object] | None = None,
                 on_built: Callable[[Output, list[TableSystem]], object] | None = None
                 ) -> None:
        self.rounding_base, self.rounding_scheme = rounding_base, rounding_scheme
        self.labels = tuple(total_labels)
        self.on_error, self.compact, self.vet, self.on_built = on_error, compact, vet, on_built
        # one for every table: their keys are compared, labels one table abbreviates
        # another's coded as one (an ``assumed`` build, no table known yet: none)
        aliases, self.readings = _release_aliases(tables)
        self.codes = LabelCodes(aliases)
        # With no suppressed cell anywhere there is nothing to solve or link: each system is
        # its published lines only (SDC402 still checks every total), without link keys or
        # virtual totals, which exist only to link tables for the audit of hidden cells.
        if needed_only:
            hiding = {population_key(output) for output in tables
                      if _hides(output.table)}  # type: ignore[arg-type]
            self.hidden = bool(hiding)
            self.needed = [output for output in tables if population_key(output) in hiding]
        else:
            self.hidden = any(_hides(output.table) for output in tables)  # type: ignore[arg-type]
            self.needed = list(tables)
        # the release's only count measure: no other count system for shared_cells to link
        # it to
        self.unlinked = count_measures(tables) == 1
        self.wanted = {id(output) for output in self.needed}
        self.systems: list[TableSystem] = []
        # a lone table is linked with no other: nothing of it is held for another table's
        # build, and numpy stays unloaded for one CSV (tests/test_startup.py)
        self.numbers = LinkNumbers() if compact and len(tables) > 1 else None

    @classmethod
    def assumed(cls, rounding_base: int | None, **options: Any) -> SystemsBuild:
        """A build fed while the release is still being read (``sdc.stream_read``), before
        every table is known: it assumes a table hides a cell (``hidden``), more than one
        count measure (not ``unlinked``) and more than one table (numbered together), and
        wants the tables the caller marks needed (``want``: a table that hides a cell).
        ``expect`` checks those assumptions against the release as read before the rest of
        its tables are added."""
        build = cls([], rounding_base, compact=True, needed_only=True, **options)
        build.hidden, build.unlinked, build.numbers = True, False, LinkNumbers()
        return build

    def want(self, output: Output) -> None:
        """``output`` is needed by the audit of hidden cells (an ``assumed`` build's table)."""
        if id(output) not in self.wanted:
            self.needed.append(output)
            self.wanted.add(id(output))

    def expect(self, hidden: bool, needed: list[Output], unlinked: bool, numbered: bool
               ) -> str | None:
        """An ``assumed`` build checked against what ``__init__`` would have worked out from
        every table (``needed``: the tables it would want, in order): None, and the rest of
        the tables wanted as that plan wants them, when every assumption holds; else what
        differs (its systems built so far are then not the audit's)."""
        if (hidden, unlinked, numbered) != (self.hidden, self.unlinked,
                                            self.numbers is not None):
            return "the release's tables are not what the build assumed"
        ids = {id(output) for output in needed}
        if not self.wanted <= ids:
            return "a table built as needed is not needed"
        self.needed, self.wanted = list(needed), ids
        return None

    def _build(self, output: Output, codes: LabelCodes) -> list[TableSystem | None]:
        return [build_table_system(output, measure, self.rounding_base, infer_totals=True,
                                   virtual_totals=self.hidden, total_labels=self.labels,
                                   codes=codes, link=self.hidden,
                                   rounding_scheme=self.rounding_scheme,
                                   assume_sums=self.hidden, unlinked=self.unlinked)
                for measure in output.table.measures]  # type: ignore[union-attr]

    def packed(self, output: Output) -> tuple[bool, Any]:
        """A needed table's systems built where a pool's worker runs, packed to send."""
        try:
            local = LabelCodes()
            built = self._build(output, local)
            if self.compact:  # as the parent would at once: fewer objects to send and hold
                from sdc.exponent_bounds import exponent_cells

                for ts in built:
                    if ts is not None:
                        ts.compact_bounds()
                        # read off the model's cells here (one scan of their raw texts, in
                        # C), as ``let_models_go`` reads them: a parent that unpacks onto a
                        # stand-in's form would otherwise make every cell again to read them
                        # (``compact``: ~0.06 s a 1 MiB long table, on the -j N read's
                        # critical path)
                        ts.exponents = exponent_cells(ts)
            return True, [None if ts is None else _PackedSystem.pack(ts, local)
                          for ts in built]
        except Exception as exc:
            return False, (type(exc).__name__, str(exc))

    def _totals(self, output: Output) -> list[TableSystem]:
        # built as a needed table is, and dropped at once (one system held at a time): every
        # error the build raises is raised here too, so a table sdc cannot build a system
        # for is still SDC602 (fail closed; checking only its totals skipped the hierarchy,
        # the keys and the equations). Its own codes and link numbers: nothing of it is kept.
        found: list[TableSystem] = []
        for measure in output.table.measures:  # type: ignore[union-attr]
            ts = build_table_system(output, measure, self.rounding_base, infer_totals=True,
                                    virtual_totals=self.hidden, total_labels=self.labels,
                                    codes=LabelCodes(), link=self.hidden,
                                    rounding_scheme=self.rounding_scheme,
                                    assume_sums=self.hidden, unlinked=self.unlinked)
            if ts is None:
                continue
            if self.numbers is not None:  # as a needed table's is compacted
                ts.compact(LinkNumbers())
            if self.vet is not None and self.hidden:  # as the audit runs it on those it holds
                self.vet(ts)
            if ts.inconsistent:
                found.append(TableSystem(output=output, measure=measure, cells=[],
                                         inconsistent=ts.inconsistent, totals_only=True))
            del ts
        return found

    def add(self, output: Output, result: tuple[bool, Any] | None = None) -> None:
        """``output``'s systems built (or, ``result``, unpacked as a worker sent them) and
        kept, after every table before it in the release's order."""
        on_error = self.on_error
        if id(output) not in self.wanted:
            only: list[TableSystem] | None = None
            try:
                only = self._totals(output)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(output, exc)
            finally:
                if self.compact:
                    _forget_lines(output.table)  # type: ignore[arg-type]
            if only is not None:
                self.systems.extend(only)
                if self.on_built is not None:
                    self.on_built(output, only)
            return
        # a table whose model went where it was read (``sdc.stream_read``): its systems
        # unpacked onto the cells its form gives back (as ``let_models_go`` points them)
        let_go = _form_cells(output)
        try:
            if result is None:
                built = self._build(output, self.codes)
            else:
                ok, found = result
                if not ok:
                    raise type(found[0], (Exception,), {})(found[1])  # as raised there
                # numbered at once (``compact``): the keys as rows, no tuple made a key
                built = [None if p is None else p.unpack(output, self.codes, let_go,
                                                         rows=self.numbers is not None)
                         for p in found]
            if self.numbers is not None:
                for ts in built:
                    if ts is not None:
                        ts.compact(self.numbers)
                # each key numbered is held by the link numbers now (one tuple per distinct
                # key, theirs): the interning dict would only hold a second entry for each
                # until the audit's end (~0.25 MiB a 1 MiB long table, issue 14 §3)
                self.codes.forget_keys()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(output, exc)
            return
        finally:
            if self.compact and let_go is None:
                _forget_lines(output.table)  # type: ignore[arg-type]
        own = [ts for ts in built if ts is not None]
        self.systems.extend(own)
        if self.on_built is not None:
            self.on_built(output, own)

    def finish(self) -> list[TableSystem]:
        """Every table added: the systems, their private keys numbered and the numbers
        sealed."""
        systems, numbers = self.systems, self.numbers
        if self.codes.aliases:  # (a worker's packed system carries its own codes' none)
            for ts in systems:
                ts.aliases = self.codes.aliases
        if self.readings != []:  # (the release's ambiguous abbreviations: each reading)
            for ts in systems:
                ts.readings = self.readings
        if numbers is not None:  # every system numbered: only the counts are read now
            for ts in systems:  # a private table's unknown keys as numbers of its declared one
                if ts.constant_keys:
                    ids = numbers.lookup(population_key(ts.output),
                                         [key for _, key in ts.constant_keys])
                    ts.constant_ids = [(var, k) for (var, _), k
                                       in zip(ts.constant_keys, ids, strict=True)]
                    ts.constant_keys = []
            numbers.seal()
        return systems


def _release_aliases(tables: list[Output]) -> tuple[dict[str, str], list[Reading] | None]:
    """The release's abbreviated labels (``sdc.link_abbreviations``), read from its tables'
    models (none for a lone table), and the readings of its ambiguous ones (``release_
    pairings``); within an audit of one reading (``link_abbreviations.reading``), its
    aliases and no reading."""
    from sdc.link_abbreviations import read_as, release_pairings, table_dimensions

    forced = read_as()
    if forced is not None:
        return forced, []
    if len(tables) < 2:
        return {}, []
    try:
        return release_pairings(table_dimensions(output.table)  # type: ignore[arg-type]
                                for output in tables)
    except Exception:  # a table whose labels cannot be read here: each label its own
        return {}, []


def count_measures(tables: Iterable[Output]) -> int:
    """How many count measures (``audited_as_count``) ``tables`` have together."""
    found = 0
    for output in tables:
        table: Table = output.table  # type: ignore[assignment]
        found += sum(1 for measure in table.measures if audited_as_count(table, measure))
    return found


def _hides(table: Table) -> bool:
    """Whether a table has a suppressed cell (a marker and no value): the audit solves those."""
    return any(cell.value is None and cell.suppressed for cell in table.cells)


def _form_cells(output: Output) -> Sequence[DataCell] | None:
    """A let-go table's cells made from its form (``sdc.table_standin.FormCells``), None
    for a model."""
    from sdc.table_standin import FormCells, TableStandIn

    table = output.table
    return FormCells(table.form) if isinstance(table, TableStandIn) else None


def _forget_lines(table: Table) -> None:
    """The table's lines (``Table.line_parts``, kept since the per-output rules) dropped once
    its systems are built: nothing after the audit's build reads them (a sidecar's published
    check, which may, makes them again), and they were ~2 MiB of a 1 MiB long table held by
    every table through the release rules (issue 14 §3). A cache: the same lines when made
    again."""
    table._lines_cache.clear()


_BY_POSITION = frozenset({"output", "measure", "cells", "inconsistent", "keys", "values"})


@dataclass
class _PackedSystem:
    """A :class:`TableSystem` as a worker sends it back: the measure and cells by position,
    each variable's link key as its labels (coded again by the parent's ``LabelCodes``, in
    the order a serial build codes them), never the table itself. Every other field (bounds,
    equations, values, flags) travels as it is, so a field added to ``TableSystem`` is
    carried without a change here."""

    measure: int
    cells: array[int] | range
    inconsistent: list[tuple[int, float]]
    # the keys as the worker coded them: its labels (at their codes), each key's length and
    # every key's codes one after another (a tuple of label strings per variable cost the
    # worker a tuple and the parent a look-up per variable: 60,000 on a 1 MiB long table)
    keys: tuple[list[str], array[int], array[int]]
    # the published values as float64 bits and a known mask when each is a float or unknown
    # (a float object a variable, all of a chunk's at once, was what the parent unpickled and
    # held of a worker's systems: 60,000 a 1 MiB long table), else as they are
    values: tuple[array[float], bytes] | list[float | None]
    rest: dict[str, Any]

    @classmethod
    def pack(cls, ts: TableSystem, codes: LabelCodes) -> _PackedSystem:
        """``ts``, built with ``codes``, packed."""
        table = ts.output.table
        assert table is not None
        var = {id(c): i for i, c in enumerate(ts.cells)} if ts.inconsistent else {}
        return cls(measure=next(i for i, m in enumerate(table.measures) if m is ts.measure),
                   cells=Places.of(table, ts.cells).at,
                   inconsistent=[(var[id(c)], v) for c, v in ts.inconsistent],
                   keys=(codes.labels(), array("q", map(len, ts.keys)),
                         array("i", itertools.chain.from_iterable(ts.keys))),
                   values=_packed_values(ts.values),
                   rest={f.name: getattr(ts, f.name) for f in fields(TableSystem)
                         if f.name not in _BY_POSITION})

    def unpack(self, output: Output, codes: LabelCodes,
               own: Sequence[DataCell] | None = None, rows: bool = False) -> TableSystem:
        """The system, its cells read from ``own`` (a let-go table's ``FormCells``) or its
        table's cells; ``rows``: its keys as ``KeyRows`` (``_recoded``)."""
        table = output.table
        assert table is not None
        cells = Places(table.cells if own is None else own, self.cells)
        return TableSystem(output=output, measure=table.measures[self.measure], cells=cells,
                           inconsistent=[(cells[i], v) for i, v in self.inconsistent],
                           keys=_recoded(*self.keys, codes, rows=rows),  # type: ignore[arg-type]
                           values=_unpacked_values(self.values),
                           **self.rest)


def _packed_values(values: list[float | None]) -> tuple[array[float], bytes] | list[float | None]:
    """``values`` as float64 bits (NaN where unknown) and a known mask, when every one is a
    float or ``None``; else the list (an int, a Decimal travel as they are)."""
    if all(v is None or type(v) is float for v in values):
        return (array("d", [math.nan if v is None else v for v in values]),
                bytes(v is not None for v in values))
    return values


def _unpacked_values(packed: tuple[array[float], bytes] | list[float | None]
                     ) -> list[float | None]:
    """The values :func:`_packed_values` packed: each float with its bits (``-0.0``, a NaN's
    payload), ``None`` where unknown."""
    if isinstance(packed, list):
        return packed
    floats, known = packed
    return [f if k else None for f, k in zip(floats, known, strict=True)]


def _recoded(names: list[str], lengths: array[int], flat: array[int], codes: LabelCodes,
             rows: bool = False) -> Sequence[LinkKey]:
    """A worker's keys (its codes of ``names``) in ``codes``: what ``codes.key_of`` gives
    each key's labels in turn. A label new to ``codes`` is coded where that reading first
    meets it (keys in order, each key's labels in the worker's code order), so the codes
    are those of a serial build; the keys are then re-sorted and interned. ``rows``: given
    as ``KeyRows`` (the re-sorted codes, no tuple made): what ``LinkNumbers`` numbers
    straight away, the keys then let go (a compact build: ``SystemsBuild.add``)."""
    if not lengths:
        return []
    import numpy as np

    local = np.frombuffer(flat, dtype=f"i{flat.itemsize}").astype(np.int64) if len(flat) \
        else np.zeros(0, dtype=np.int64)
    used, first = np.unique(local, return_index=True)
    to_parent = np.full(len(names), -1, dtype=np.int64)
    for code in used[np.argsort(first, kind="stable")].tolist():  # first met, first coded
        to_parent[code] = codes.code(names[code])
    size = np.frombuffer(lengths, dtype=f"i{lengths.itemsize}").astype(np.int64)
    width = int(size.max(initial=0))
    pad = np.iinfo(np.int64).max
    matrix = np.full((len(size), width), pad, dtype=np.int64)
    row = np.repeat(np.arange(len(size), dtype=np.int64), size)
    col = np.arange(len(local), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    matrix[row, col] = to_parent[local]
    matrix.sort(axis=1)
    if rows:
        from sdc.link_columns import KeyRows

        matrix[matrix == pad] = 0  # (no code is the pad: codes count up from 0)
        return KeyRows(matrix, size)
    intern = codes._one
    return [intern(tuple(r[:n])) for r, n in zip(matrix.tolist(), size.tolist(), strict=True)]


def _link_columns(systems: list[TableSystem], counts: list[int], pops: dict[int, str]
                  ) -> list[LinkColumns] | None:
    """The count systems' :class:`LinkColumns`, in ``counts`` order, when every one was made
    compact by one build (None when none was: their ``keys`` and ``values`` are read). A
    compact system has no keys left, so a mix cannot be linked: that raises (the audit then
    checks each table alone and says so), never links a table by keys it no longer holds."""
    columns = [getattr(systems[k], "links", None) for k in counts]
    if all(c is None for c in columns):
        return None
    made = [c for c in columns if c is not None]
    if len(made) < len(columns) or any(c.numbers is not made[0].numbers for c in made) \
            or any(c.population != pops[k] for c, k in zip(made, counts, strict=True)):
        raise ValueError("the systems were not all made compact by one build")
    if any(len(c.ids) != len(c.known if c.objects is None else c.objects) for c in made):
        # a key per value, as the lists' linking needs (it raised there too)
        raise ValueError("a system's link keys and values differ in number")
    return made


def _index_dtype(np: Any, *sizes: int) -> Any:
    """int32 when every index below each of ``sizes`` fits it, else int64."""
    return np.int32 if max(sizes, default=0) < 2**31 else np.int64


def _pair_codes(np: Any, a: Any, b: Any, n: int) -> Any:
    """Each pair of tables ``(a, b)`` (both below ``n``) as one int64 code ``a * n + b``:
    widened before the product, as tables numbered in int32 would overflow it from 46,341
    tables on, silently, and a wrong code is a pair never compared (a missed link)."""
    return a.astype(np.int64) * n + b


_FEW_IDS = 256  # a table's link keys looked up one by one up to this many, else by np.isin


def published_constants(systems: list[TableSystem]) -> Constants:
    """For each table linked with no other (:func:`link_population` its own) that hides a
    cell: its unknown variables that another count table of its declared population
    publishes under the same link key, each with what is published there as ``(value, that
    table)`` pairs, sorted. Such a number is published: the audit may use it as a constant
    of the first table's own system (``x_t = v``) without linking the two (a column's sum
    over unlabelled rows printed as another table's margin: docs/decisions.md, "Constants,
    not links"). Systems made ``compact`` are read by their key numbers, others by their
    keys. One pass over the other tables' keys; the pairs of a key are one tuple, shared by
    every table that asks for it."""
    import numpy as np

    # declared population -> key (its number, or the key itself) -> (table, variable)
    wanted: dict[str, dict[Any, list[tuple[int, int]]]] = {}
    for k, ts in enumerate(systems):
        if not ts.count or not ts.suppressed:
            continue
        pairs: list[tuple[int, Any]] = [(var, i) for var, i in ts.constant_ids if i >= 0]
        if ts.links is None and ts.keys and len(ts.keys) == len(ts.values) and (
                link_population(ts.output) != population_key(ts.output)):
            pairs = [(var, key) for var, (key, value)
                     in enumerate(zip(ts.keys, ts.values, strict=True)) if value is None]
        for var, ident in pairs:
            wanted.setdefault(population_key(ts.output), {}).setdefault(ident, []).append(
                (k, var))
    if not wanted:
        return {}
    published: dict[tuple[str, Any], set[tuple[float, int, int]]] = defaultdict(set)
    numbered = {pop: np.fromiter((i for i in want if isinstance(i, int)), dtype=np.int64)
                for pop, want in wanted.items()}
    # the same numbers as a set: a table of a few dozen keys is looked up in it (one
    # ``np.isin`` a table, ~1,000 of them, cost the linking ~0.04 s no other core shares)
    as_set = {pop: set(ids.tolist()) for pop, ids in numbered.items()}
    for j, ts in enumerate(systems):
        pop = link_population(ts.output) if ts.count else ""
        want = wanted.get(pop)
        if not want:
            continue  # a private table gives no other a constant
        if ts.links is not None:
            columns = ts.links
            ids = np.asarray(columns.ids)
            if len(ids) <= _FEW_IDS:
                known = as_set[pop]
                found = [e for e, i in enumerate(ids.tolist()) if i in known]
            else:
                found = np.flatnonzero(np.isin(ids, numbered[pop])).tolist()
            hits: Iterable[tuple[Any, Any, int]] = (
                (int(ids[e]), columns.objects[e] if columns.objects is not None
                 else float(columns.floats[e]) if columns.known[e] else None, e)
                for e in found)
        else:
            hits = ((key, value, e) for e, (key, value)
                    in enumerate(zip(ts.keys, ts.values, strict=False)) if key in want)
        for ident, value, var in hits:
            if value is not None and value == value:  # published, not NaN
                published[pop, ident].add((float(value), j, var))
    constants: dict[int, list[tuple[int, tuple[tuple[float, int, int], ...]]]] = defaultdict(list)
    for pop, want in wanted.items():
        for ident, holders in want.items():
            if (pop, ident) in published:
                shared = tuple(sorted(published[pop, ident]))
                for k, var in holders:
                    constants[k].append((var, shared))
    return {k: sorted(pins) for k, pins in constants.items()}


_WILD = object()  # a table's hub signature when it publishes no single value at its hub


def shared_cells(systems: list[TableSystem], offsets: list[int], *, consume: bool = False
                 ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of global variables that are the same population count in two tables:
    ``(strong, weak)`` links (every weak one: :func:`links_and_constants` is the audit's)."""
    strong, weak, _, _ = _links(systems, offsets, consume=consume, wild_constants=False)
    return strong, weak


Links = list[tuple[int, int]]  # pairs of global variables


def links_and_constants(systems: list[TableSystem], offsets: list[int], *,
                        consume: bool = False, unions: list[UnionTotal] | None = None,
                        jobs: int = 1) -> tuple[Links, Links, Links, Constants]:
    """:func:`shared_cells`, but a weak link of a table with no value at its population's hub
    (``_WILD``: a labelled table that prints no grand total) is no link: the numbers one of
    the two tables publishes where the other's cell is unknown are *constants* of the other
    one's system (as :func:`published_constants` gives a table with unlabelled rows), and its
    pairs of unknown cells are *wild* links, which the audit adds only when it tries those
    constants, never to the audit that decides a cell's finding on its own (issue 12).
    Such a table is paired with every table under each key it holds, so its weak links made
    one component of hundreds of tables, which contradicted each other and were all dropped
    (docs/decisions.md, "A labelled table with no grand total"); a constant joins no
    component, and each is tried alone (``sdc.rules.suppression._through_constants``); the
    parts wild links join are audited apart first.
    Strong links are kept whole. Returns ``(strong, weak, wild, constants)``; ``unions``,
    when given, gets the release's totals lines read as unions of other tables' rows
    (``sdc.union_totals``), searched beside the blocking under ``jobs`` > 1
    (``union_totals.unions_beside``)."""
    return _links(systems, offsets, consume=consume, wild_constants=True, unions=unions,
                  jobs=jobs)


def _links(systems: list[TableSystem], offsets: list[int], *, consume: bool,
           wild_constants: bool, unions: list[UnionTotal] | None = None, jobs: int = 1
           ) -> tuple[Links, Links, Links, Constants]:
    """Pairs of global variables that are the same population count in two tables:
    ``(strong, weak)`` links, and (``wild_constants``) the weak links of wild tables as
    constants (:func:`links_and_constants`).

    Tables that publish the same label combination with different values are different
    quantities (deaths and admissions by age) and are never linked. Strong links join tables
    that agree on at least ``MIN_SHARED_FOR_LINK`` published cells; weak links join tables with
    no published cell in common to compare. The audit tries weak links too and drops them if
    they make the published numbers contradict each other.

    Blocking, not all pairs: only pairs of cells that could link are compared (the same
    published value, or one of them unknown), and among those only tables that agree on
    their population's hub (the label combination most of its tables publish, usually the
    grand total); two tables that publish different hubs can never link. Candidate pairs
    are formed and counted in numpy (:func:`_candidate_tables`): on the 1,000-table benchmark
    1.25 M pair insertions in Python, 48,785 candidates, 141 consistent pairs. The consistent
    pairs are then checked exactly on every label combination they share. The links, and
    their order, are those of comparing every pair (``tests/test_linking_blocking.py``).

    ``consume`` (the audit, which reads no link again): each compact system's link columns
    (``links``) are let go as soon as they are read, not held until the linking ends (~0.8
    MiB a linked 1 MiB table, every table's at once through the blocking).
    """
    counts = [k for k, ts in enumerate(systems) if ts.count]
    if len(counts) < 2:
        return [], [], [], {}  # one table links to nothing
    pops = {k: link_population(systems[k].output) for k in counts}
    cells = _SharedCells.of(systems, counts, pops, consume=consume,
                            every_combo=unions is not None)
    categories: dict[int, _LineCategories] = {}

    def lines(k: int) -> _LineCategories:
        made = categories.get(k)
        if made is None:
            made = categories[k] = _LineCategories(
                systems[k], None if cells.combos is None else cells.combos[k])
        return made

    if unions is None:
        return _blocked_links(systems, offsets, counts, cells, lines, pops, wild_constants)
    from sdc.union_totals import unions_beside

    # its labels spelt as the keys were coded: a short label as its long one (link46); under
    # ``-j`` searched in a process of its own while the tables are blocked and linked here
    pending = unions_beside(systems, cells, lines, pops,
                            next((ts.aliases for ts in systems if ts.aliases), None), jobs)
    try:
        found = _blocked_links(systems, offsets, counts, cells, lines, pops, wild_constants)
    except Exception:
        pending.result()  # the unions' own error first, as when they were searched first
        raise
    except BaseException:
        pending.drop()
        raise
    unions.extend(pending.result())
    return found


def _blocked_links(systems: list[TableSystem], offsets: list[int], counts: list[int],
                   cells: _SharedCells, lines: Callable[[int], _LineCategories],
                   pops: dict[int, str], wild_constants: bool
                   ) -> tuple[Links, Links, Links, Constants]:
    """:func:`_links`' pairs and constants once the tables' shared cells are read: the
    blocking, the candidate pairs and their exact links."""
    unpublished: set[int] = set()
    signature = _hub_signatures(systems, cells, pops, unpublished)
    blocking = _blocking_signatures(signature, unpublished)
    pairable = _pairable(blocking, counts)
    if len(pairable) < 2:
        return [], [], [], {}  # every table's hub value its own: none can link
    candidates = _candidate_tables(systems, cells, blocking,
                                   None if len(pairable) == len(counts) else pairable)
    held = cells.held({k for pair in candidates for k in pair})
    found = []
    pinned: _Pinned = defaultdict(lambda: defaultdict(set))
    for a, b in candidates:
        linked = _exact_links(held[a], held[b], lines(a), lines(b))
        if linked is not None:
            first, agree, pairs = linked
            kind = 0 if agree >= MIN_SHARED_FOR_LINK or _panels_of_one_table(
                systems[a].output, systems[b].output) else 1
            if wild_constants and kind and (signature[a] is _WILD or signature[b] is _WILD):
                kind, pairs = 2, _as_constants(held[a], held[b], a, b, pinned)
            found.append((first, kind,
                          [(offsets[a] + ia, offsets[b] + ib) for ia, ib in pairs]))
    links: tuple[Links, Links, Links] = ([], [], [])  # strong, weak, wild
    for _first, kind, pairs in sorted(found, key=lambda item: item[0]):
        links[kind].extend(pairs)
    return (*links, _constants_of(pinned))


def _panels_of_one_table(a: Output, b: Output) -> bool:
    """Two tables of one file (one sheet) under the same header line: one crosstab written in
    panels (its rows, then a blank line, the header again and its totals row). The file is one
    output, so the panels count one population: their link is as strong as one table's
    margins, and a hidden cell the other panel's totals give back exactly is SDC501 ``fail``,
    not ``review`` (hunt8, issue 12). Only called for tables that publish nothing under one
    label combination with different values (``_exact_links``), so a panel per year with the
    same header and its own totals is not linked at all."""
    if a.path != b.path or a.sheet != b.sheet or a.table_number == b.table_number \
            or a.table is None or b.table is None:
        return False
    head = _header_texts(a.table)
    return bool(head) and head == _header_texts(b.table)


def _header_texts(table: Table) -> tuple[tuple[str, ...], ...]:
    """The texts of ``table``'s header lines, each stripped and case-folded, blanks dropped."""
    rows = set(table.header_rows)
    if not rows:
        return ()
    lines = []
    for row in table.grid:
        if row and row[0].row in rows:
            lines.append(tuple(c.raw.strip().casefold() for c in row if c.raw.strip()))
            if len(lines) == len(rows):
                break
    return tuple(lines)


def _constants_of(pinned: _Pinned) -> Constants:
    """``pinned[table][variable]``'s published pairs as :data:`Constants` (sorted)."""
    return {k: sorted((var, tuple(sorted(published))) for var, published in by_var.items())
            for k, by_var in sorted(pinned.items())}


def joined_constants(first: Constants, second: Constants) -> Constants:
    """Two tables of constants as one: a variable's published pairs joined."""
    if not second:
        return first
    pinned: _Pinned = defaultdict(lambda: defaultdict(set))
    for constants in (first, second):
        for k, pins in constants.items():
            for var, published in pins:
                pinned[k][var].update(published)
    return _constants_of(pinned)


def _as_constants(a: dict[int, list[Held]], b: dict[int, list[Held]], ka: int, kb: int,
                  pinned: _Pinned
                  ) -> list[tuple[int, int]]:
    """The weak link of tables ``ka`` and ``kb`` (their held cells ``a`` and ``b``, which
    :func:`_exact_links` found agreeing) as constants: each number one publishes where the
    other's cell is unknown, added to ``pinned[table][variable]`` as ``(value, publisher,
    its variable)``.
    Returns the pairs of unknown cells, the wild links (in the link's order)."""
    unknown = []
    for index in sorted(a.keys() & b.keys()):
        for _, ia, va, _ in a[index]:
            for _, ib, vb, _ in b[index]:
                if va is None:
                    if vb is None:
                        unknown.append((ia, ib))
                    elif vb == vb:  # NaN is published but equals nothing
                        pinned[ka][ia].add((float(vb), kb, ib))
                elif vb is None and va == va:
                    pinned[kb][ib].add((float(va), ka, ia))
    return unknown


@dataclass
class _SharedCells:
    """Every cell under a label combination two or more cells publish (``n_shared`` such
    combinations, numbered in the order they first occur), as arrays: entry ``e`` is table
    ``K[e]``'s variable ``var[e]`` under combination ``S[e]``, of value ``values[e]``;
    entries in the order of the combinations and, within one, of the tables and variables.
    Arrays, so that the blocking runs in numpy and no per-table dict is built for the many
    tables that link to nothing, and no tuple or list is made per variable (a release of a
    hundred linked tables of 25,000 cells has millions of variables)."""

    n_shared: int
    S: Any
    K: Any
    var: Any  # the variable, as ``i`` in ``(k, i)``
    values: Any  # the published values (``float``, ``None`` when unknown), an object array
    known: Any  # the value is published (not None); NaN is published
    start: Any  # the first entry of each combination
    # the entry is a line's unpublished total (:func:`_virtual_total`), not a printed cell:
    # its value, when known, is the sum of what the table prints on that line, which is the
    # population's total only when the table prints every category of it
    virtual: Any = None
    # table -> the combination number of each of its variables (shared or not), when some
    # table has a line's unpublished total (else None: nothing reads them)
    combos: dict[int, Any] | None = None
    # ``values`` is float64 (NaN where not ``known``), not objects: read them by ``value``
    floats: bool = False
    # ``combos``, or (``every_combo``) each table's variables' combinations even where no
    # table has a line's unpublished total: the union search's (``sdc.union_totals``), which
    # reads one-row tables' categories; nothing else reads them, so linking is unchanged
    union_combos: dict[int, Any] | None = None

    def __post_init__(self) -> None:
        if self.virtual is None:  # made without it (the tests'): no entry is one
            import numpy as np

            self.virtual = np.zeros(len(self.S), dtype=bool)

    @classmethod
    def of(cls, systems: list[TableSystem], counts: list[int], pops: dict[int, str], *,
           consume: bool = False, every_combo: bool = False) -> _SharedCells:
        """The cells of the tables ``counts`` under combinations (a population and a link
        key) that two or more of their variables have. ``consume``: the systems' link
        columns are taken from them (``links`` None), each part let go once read;
        ``every_combo``: keep ``union_combos`` always.

        Made a table at a time (issue 14 §3, round 47): the combinations are counted, then
        each table's shared cells are placed straight at their entries (a counting sort:
        a combination's entries start where the combinations before it end, and a table's
        follow the tables' before it), so no array of every entry's sort order, table and
        position is held beside the result (they were its peak, ~1.6 times what it keeps).
        The entries, their order and every array's dtype are those of a stable sort of the
        tables' variables by combination (``tests/test_linking_shared_cells_stream.py``)."""
        import numpy as np

        columns = _link_columns(systems, counts, pops)
        if consume and columns is not None:
            for k in counts:
                systems[k].links = None  # only ``columns`` holds them now
        combo, sizes, n_ids, many_populations = cls._combinations(
            np, systems, counts, pops, columns, consume)
        idx = combo.dtype
        # each table's variables' combinations, kept only where a table has a line's
        # unpublished total: which categories a line prints is read from them (_LineCategories)
        n_cells = [_own_cells(systems[k]) for k in counts]
        virtual_any = any(size > n for size, n in zip(sizes, n_cells, strict=True))
        ends = list(itertools.accumulate(sizes))
        every = ({k: combo[end - size:end] for k, end, size
                  in zip(counts, ends, sizes, strict=True)}
                 if every_combo or virtual_any else None)
        combos = every if virtual_any else None
        # the numbers are dense (every one occurs): counted a table at a time, and the shared
        # ones ranked without sorting the entries (by first occurrence when there are several
        # populations; one population's are numbered in the order they first occur)
        n_of = np.zeros(n_ids, dtype=np.int64)
        first = np.full(n_ids, len(combo), dtype=np.int64) if many_populations else None
        at = 0
        for size in sizes:
            part = combo[at:at + size]
            n_of += np.bincount(part, minlength=n_ids)
            if first is not None and size:
                met, where = np.unique(part, return_index=True)
                unseen = first[met] == len(combo)
                first[met[unseen]] = at + where[unseen]
            at += size
        shared = np.flatnonzero(n_of >= 2)
        if first is not None:
            shared = shared[np.argsort(first[shared], kind="stable")]
        del first
        per = n_of[shared]  # entries under each shared combination, in its order
        del n_of
        n_shared = len(shared)
        number = np.full(n_ids, -1, dtype=np.int64)  # a combination's number among the shared
        number[shared] = np.arange(n_shared)
        del shared
        begins = np.cumsum(per) - per  # each shared combination's first entry
        n_entries = int(per.sum())
        S = np.repeat(np.arange(n_shared, dtype=idx), per)
        start = begins.astype(idx)
        del per
        K = np.empty(n_entries, dtype=idx)
        var = np.empty(n_entries, dtype=idx)
        virtual = np.empty(n_entries, dtype=bool)
        floats = bool(columns) and all(c.objects is None for c in columns or ())
        values = np.empty(n_entries, dtype=np.float64 if floats else object)
        known = np.empty(n_entries, dtype=bool)
        placed = np.zeros(n_shared, dtype=np.int64)  # entries of each placed so far
        at = 0
        for j, (k, size) in enumerate(zip(counts, sizes, strict=True)):
            numbers = number[combo[at:at + size]]
            at += size
            mine = np.flatnonzero(numbers >= 0)
            numbers = numbers[mine]
            # the table's shared variables by combination, each combination's in order
            by = np.argsort(numbers, kind="stable")
            mine, numbers = mine[by], numbers[by]
            del by
            dest = cls._places(np, numbers, begins, placed)
            del numbers
            K[dest] = k
            var[dest] = mine
            virtual[dest] = mine >= n_cells[j]
            if floats:
                assert columns is not None
                values[dest] = columns[j].floats[mine]
                known[dest] = columns[j].known[mine]
                if consume:  # read: its own columns go before the next table's are
                    columns[j].floats = columns[j].known = None
            else:
                given = systems[k].values if columns is None else columns[j].values()
                if len(given) != size:  # a value per key (assigning them whole raised too)
                    raise ValueError("a system's link keys and values differ in number")
                held = np.empty(len(given), dtype=object)
                held[:] = given
                values[dest] = held[mine]
                known[dest] = np.fromiter((v is not None for v in held[mine]), dtype=bool,
                                          count=len(mine))
                del held
            del dest, mine
        del number, begins, placed
        if every is None:
            del combo
        return cls(n_shared=n_shared, S=S, K=K, var=var, values=values, known=known,
                   start=start, floats=floats, virtual=virtual, combos=combos,
                   union_combos=every)

    @staticmethod
    def _combinations(np: Any, systems: list[TableSystem], counts: list[int],
                      pops: dict[int, str], columns: list[LinkColumns] | None, consume: bool
                      ) -> tuple[Any, list[int], int, bool]:
        """Every count table's variables' combination numbers (each population's key
        numbers after the populations' before it), table after table in one array of the
        smallest index type (:func:`_index_dtype`), read a table's link numbers at a time;
        each table's number of variables; the number of combinations; and whether there
        are several populations."""
        numbered: dict[str, int]  # how many keys each population has, in the order met
        local: list[Any] | None = None
        if columns is not None:  # numbered as each system was built, in this same order
            numbered = columns[0].numbers.sizes() if columns else {}
            sizes = [len(c.known if c.objects is None else c.objects) for c in columns]
        else:
            numbers: dict[str, dict[Any, int]] = {}
            local = []
            for k in counts:
                ids = numbers.setdefault(pops[k], {})
                local.append(np.fromiter((ids.setdefault(key, len(ids))
                                          for key in systems[k].keys),
                                         dtype=np.int64, count=len(systems[k].keys)))
            numbered = {pop: len(ids) for pop, ids in numbers.items()}
            del numbers
            sizes = [len(ids) for ids in local]
        base = {pop: i for i, pop in enumerate(numbered)}
        offset = list(itertools.accumulate(numbered.values(), initial=0))
        n_ids = offset[-1]
        total = sum(sizes)
        # every position, table and combination number below fits int32 when these do:
        # half the memory of int64 for the arrays held through the blocking
        combo = np.empty(total, dtype=_index_dtype(np, total, len(systems), n_ids))
        at = 0
        for j, (k, size) in enumerate(zip(counts, sizes, strict=True)):
            if columns is not None:
                ids = columns[j].ids
                if consume:
                    columns[j].ids = None  # read: only the values are read again
            else:
                assert local is not None
                ids, local[j] = local[j], None
            if len(ids) != size:  # a key per value, as the lists' linking needs
                raise ValueError("a system's link keys and values differ in number")
            combo[at:at + size] = ids + offset[base[pops[k]]]
            del ids
            at += size
        return combo, sizes, n_ids, len(base) > 1

    @staticmethod
    def _places(np: Any, numbers: Any, begins: Any, placed: Any) -> Any:
        """The entries of one table's variables, given their shared combinations'
        ``numbers`` (sorted, each combination's in the table's order): each after the
        entries ``placed`` before it under its combination, which it adds itself to."""
        if not len(numbers):
            return numbers
        head = np.empty(len(numbers), dtype=bool)
        head[0] = True
        np.not_equal(numbers[1:], numbers[:-1], out=head[1:])
        heads = np.flatnonzero(head)
        del head
        runs = np.diff(np.append(heads, len(numbers)))
        rank = np.arange(len(numbers)) - np.repeat(heads, runs)  # within its combination
        dest = begins[numbers] + placed[numbers] + rank
        placed[numbers[heads]] += runs
        return dest

    def value(self, e: int) -> float | None:
        """Entry ``e``'s published value (``None`` when unknown), as the system held it."""
        if self.floats:
            return float(self.values[e]) if self.known[e] else None
        return self.values[e]

    def floats_or_nan(self, lo: int = 0, hi: int | None = None) -> Any:
        """The values of entries ``lo:hi`` (every one by default) as float64, NaN where
        unknown (and where NaN is published)."""
        import numpy as np

        values = self.values[lo:hi]
        if self.floats:
            return np.where(self.known[lo:hi], values, np.nan)
        return np.fromiter((math.nan if v is None else v for v in values),
                           dtype=np.float64, count=len(values))

    def only(self, tables: list[int], counts: list[int]) -> _SharedCells:
        """The entries of ``tables`` only (all of them, as they are, when that is every table
        of ``counts``), combinations numbered as here; ``start`` is not kept (the blocking
        reads none)."""
        import numpy as np

        if len(tables) == len(counts):
            return self
        return self.picked(np.flatnonzero(np.isin(self.K, tables)))

    def picked(self, entries: Any) -> _SharedCells:
        """The entries at the positions ``entries`` (increasing) only, combinations numbered
        as here; ``start`` is not kept (the blocking reads none)."""
        return _SharedCells(n_shared=self.n_shared, S=self.S[entries], K=self.K[entries],
                            var=self.var[entries], values=self.values[entries],
                            known=self.known[entries], start=None, floats=self.floats,
                            virtual=self.virtual[entries])

    def held(self, tables: set[int]) -> dict[int, dict[int, list[Held]]]:
        """``held[k][index]``: table k's (position in the combination's members, variable,
        value, whether it is a line's unpublished total) under each combination it shares,
        for ``tables`` only."""
        import numpy as np

        held: dict[int, dict[int, list[Held]]] = {k: {} for k in tables}
        if not tables:
            return held
        S, K, var, start, virtual = self.S, self.K, self.var, self.start, self.virtual
        for e in np.flatnonzero(np.isin(K, sorted(tables))).tolist():
            index = int(S[e])
            held[int(K[e])].setdefault(index, []).append(
                (e - int(start[index]), int(var[e]), self.value(e), bool(virtual[e])))
        return held


def _blocking_signatures(signature: list[object], unpublished: set[int]) -> list[object]:
    """The hub values the blocking pairs tables by: a table whose value at the hub is a
    line's unpublished total (its sum over the rows it prints) has none there (``_WILD``:
    paired with every table). Its sum over the first half of a table's rows is not the
    population's total, and as a hub value it kept the table from every table that prints
    the total (hunt36). The link's kind still reads ``signature``."""
    return [_WILD if k in unpublished else sig for k, sig in enumerate(signature)]


def _hub_signatures(systems: list[TableSystem], cells: _SharedCells, pops: dict[int, str],
                    unpublished: set[int] | None = None) -> list[object]:
    """Each table's value at its population's hub: the shared label combination that most of
    the population's tables publish once (first such in order), or ``_WILD``."""
    import numpy as np

    n_keys = cells.n_shared
    S = cells.S
    once = _once(np, cells)
    published_at = np.zeros(n_keys, dtype=np.int64)
    for lo in range(0, len(S), _ENTRY_CHUNK):  # (a slice at a time: bincount widens to int64)
        published_at += np.bincount(S[lo:lo + _ENTRY_CHUNK][once[lo:lo + _ENTRY_CHUNK]],
                                    minlength=n_keys)
    published = published_at.tolist()
    del published_at
    hub: dict[str, int] = {}
    for index, first in enumerate(cells.K[cells.start].tolist()):
        pop = pops[first]
        best = hub.get(pop)
        if published[index] and (best is None or published[index] > published[best]):
            hub[pop] = index
    hubs = sorted(set(hub.values()))  # a combination is of one population: its tables'
    signature: list[object] = [_WILD] * len(systems)
    if unpublished is None:
        unpublished = set()  # filled: the tables whose value there is an unpublished total
    # the one cells at a hub picked in numpy, in entry order (a later one wins as before):
    # a list of every one cell's entry was ~2 MiB a linked 1 MiB table, the step's peak
    at = np.asarray(hubs, dtype=S.dtype)
    at_hub = [np.flatnonzero(once[lo:lo + _ENTRY_CHUNK]
                             & np.isin(S[lo:lo + _ENTRY_CHUNK], at)) + lo
              for lo in range(0, len(S), _ENTRY_CHUNK)]
    for e in itertools.chain.from_iterable(part.tolist() for part in at_hub):
        value = cells.value(e)
        signature[int(cells.K[e])] = value if value == value else _WILD  # NaN: nothing
        (unpublished.add if cells.virtual[e] else unpublished.discard)(int(cells.K[e]))
    return signature


def _once(np: Any, cells: _SharedCells) -> Any:
    """Whether each entry is its table's one published cell under its combination. A table's
    cells under one combination are adjacent (entries are in the order of the combinations,
    then of the tables): its one cell there has no neighbour of the same (combination,
    table); found so without sorting every entry again, a slice of entries at a time (over
    every entry at once, the comparisons' arrays were several times the entries' count)."""
    S, K, n = cells.S, cells.K, len(cells.S)
    once = np.empty(n, dtype=bool)
    for lo in range(0, n, _ENTRY_CHUNK):
        hi = min(n, lo + _ENTRY_CHUNK)
        # same[i]: entry lo + i repeats entry lo + i - 1's pair (for i in 0 .. hi - lo)
        same = np.zeros(hi - lo + 1, dtype=bool)
        a, b = max(lo, 1), min(hi, n - 1)  # the entries that have a neighbour before them
        if b >= a:
            same[a - lo:b - lo + 1] = (S[a:b + 1] == S[a - 1:b]) & (K[a:b + 1] == K[a - 1:b])
        once[lo:hi] = ~same[:-1] & ~same[1:] & cells.known[lo:hi]
    return once


def _pairable(signature: list[object], counts: list[int]) -> list[int]:
    """The count tables that may link to another, by their hubs alone: with a table that has
    no hub value (``_WILD``) anywhere, every one; otherwise those whose hub value another
    table shares. Two tables whose hubs publish different values never link
    (:func:`_candidate_tables` pairs a table with a hub value only with the tables of the same
    value or of none), so a release of many unrelated tables skips their blocking."""
    if any(signature[k] is _WILD for k in counts):
        return counts
    tally: dict[object, int] = defaultdict(int)
    for k in counts:
        tally[signature[k]] += 1
    return [k for k in counts if tally[signature[k]] >= 2]


# candidate pairs formed at once (2 MB of codes; each slice makes several arrays that size:
# at 1 << 21 the slices were most of the blocking's peak on ten 1 MiB tables)
_PAIR_CHUNK = 1 << 18
_ROWS_PER_STEP = 8  # the pairs' sparse rows gathered at once: this many chunks' worth
# entries blocked at once, whole combinations each time (one larger combination alone): the
# blocking makes ~a dozen arrays the size of what it blocks at once, and over every entry of
# a hundred linked 1 MiB tables (6 M) those were the parent's peak of memory (issue 14 §3)
_ENTRY_CHUNK = 1 << 17


def _combination_slices(np: Any, S: Any, chunk: int) -> list[tuple[int, int]]:
    """The entries as consecutive slices of whole combinations, each of about ``chunk``
    entries at most (a combination with more is a slice of its own). Every pair of tables the
    blocking forms, and every pair of cells it compares, is under one combination, so blocking
    slice by slice finds what blocking every entry at once finds. Entries not in the order of
    their combinations (never made so by :class:`_SharedCells`) are one slice."""
    n = len(S)
    if n <= chunk or bool((S[1:] < S[:-1]).any()):
        return [(0, n)]
    cuts = [0]
    while cuts[-1] + chunk < n:
        begin = cuts[-1]
        # cut where the combination of the first entry past ``chunk`` begins ...
        end = int(np.searchsorted(S, S[begin + chunk], side="left"))
        if end == begin:  # ... unless that is this slice's first: that one whole, alone
            end = int(np.searchsorted(S, S[begin], side="right"))
        cuts.append(end)
    if cuts[-1] < n:
        cuts.append(n)
    return list(itertools.pairwise(cuts))


class _BlockSlices:
    """The blocking's slices (:func:`_combination_slices`) of the entries of ``tables`` (every
    entry when None), each as ``(cells, lo, hi)``: what blocking ``cells.only(tables)`` slice
    by slice reads, the same entries in the same slices, each slice's entries copied out of
    ``cells`` only when it is read (iterated once for the pairs, once for the differences).

    Why: the tables that can pair (:func:`_pairable`) are often fewer than those sharing
    cells, and their entries were copied out whole (~30 bytes a kept entry, the positions'
    int64 included) beside the cells :meth:`_SharedCells.held` reads after the blocking: on
    a release of long tables that copy was most of the blocking's peak (issue 14 §3, round
    48). Here a byte an entry (which are kept) and a slice's copy at a time."""

    def __init__(self, np: Any, cells: _SharedCells, n: int, tables: list[int] | None) -> None:
        self.np, self.cells = np, cells
        self.keep: Any = None  # which entries are kept (None: every one)
        if tables is None:
            self.slices = _combination_slices(np, cells.S, _ENTRY_CHUNK)
            return
        wanted = np.zeros(n, dtype=bool)
        wanted[tables] = True
        # a slice of entries at a time: an index of int32 is widened to intp whole
        self.keep = np.empty(len(cells.K), dtype=bool)
        for lo in range(0, len(cells.K), _ENTRY_CHUNK):
            self.keep[lo:lo + _ENTRY_CHUNK] = wanted[cells.K[lo:lo + _ENTRY_CHUNK]]
        self.slices = _kept_slices(np, cells.S, self.keep, cells.n_shared, _ENTRY_CHUNK)

    def __iter__(self) -> Iterator[tuple[_SharedCells, int, int]]:
        for lo, hi in self.slices:
            if self.keep is None:
                yield self.cells, lo, hi
            else:  # (no local holds a slice's arrays while the caller reads it)
                yield self._picked(lo, hi)

    def _picked(self, lo: int, hi: int) -> tuple[_SharedCells, int, int]:
        part = self.cells.picked(lo + self.np.flatnonzero(self.keep[lo:hi]))
        return part, 0, len(part.S)


def _kept_slices(np: Any, S: Any, keep: Any, n_shared: int, chunk: int
                 ) -> list[tuple[int, int]]:
    """Slices ``lo:hi`` of every entry whose kept entries (``keep``) are, in order, the
    slices :func:`_combination_slices` makes of the kept entries alone (``S[keep]``), without
    copying them: the cuts are found from the kept entries of each combination (counted a
    slice of entries at a time: ``np.add.reduceat`` with an int64 total widened every
    entry), and a cut before combination ``c`` is where ``c``'s entries begin."""
    n = len(S)
    n_kept = int(np.count_nonzero(keep))
    if n_kept <= chunk or bool((S[1:] < S[:-1]).any()):
        return [(0, n)]
    per = np.zeros(n_shared, dtype=np.int64)  # each combination's kept entries
    for lo in range(0, n, chunk):
        per += np.bincount(S[lo:lo + chunk][keep[lo:lo + chunk]], minlength=n_shared)
    ends = np.cumsum(per)  # where each combination's kept entries end, among the kept
    cuts, at = [0], [0]
    while cuts[-1] + chunk < n_kept:
        begin = cuts[-1]
        # cut where the combination of the first kept entry past ``chunk`` begins ...
        c = int(np.searchsorted(ends, begin + chunk, side="right"))
        end = int(ends[c] - per[c])
        if end == begin:  # ... unless that is this slice's first: that one whole, alone
            end, c = int(ends[c]), c + 1
        cuts.append(end)
        # (a number of S's own dtype: a Python int widened every entry of int32 to int64)
        at.append(int(np.searchsorted(S, S.dtype.type(c), side="left")))
    if cuts[-1] < n_kept:
        at.append(n)
    return list(itertools.pairwise(at))


def _groups(np: Any, keys: list[Any], mask: Any = None) -> tuple[Any, Any, Any]:
    """The entries under ``mask`` (every one when None) sorted by ``keys`` (last first, as
    ``np.lexsort``): their order, and for each its group's start and size in that order."""
    order = (np.lexsort(keys) if mask is None
             else np.flatnonzero(mask)[np.lexsort([key[mask] for key in keys])])
    if not len(order):
        return order, order, order
    new = np.zeros(len(order), dtype=bool)
    new[0] = True
    for key in keys:
        ordered = key[order]
        new[1:] |= ordered[1:] != ordered[:-1]  # NaN != NaN: alone
        del ordered
    first = np.flatnonzero(new)
    sizes = np.diff(np.append(first, len(order)))
    group = np.cumsum(new) - 1
    return order, first[group], sizes[group]


class _PairCodes:
    """The distinct pairs of tables met, as codes ``a * n + b`` (lower table first)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[Any] = []
        self.merged = 0  # distinct codes in ``parts[0]`` after the last merge

    def cross(self, np: Any, left: Any, lo: Any, size: Any, right: Any) -> None:
        """Each ``left`` table with the tables ``right[lo:lo + size]``, in slices of about
        ``_PAIR_CHUNK`` pairs, made distinct as they come (linked tables repeat each pair
        under every combination they share: memory bounded by the distinct pairs)."""
        ends = np.cumsum(size)
        begin = 0
        while begin < len(left):
            end = max(begin + 1, int(np.searchsorted(ends, (ends[begin - 1] if begin else 0)
                                                     + _PAIR_CHUNK, side="right")))
            sl = slice(begin, end)
            rep = np.repeat(left[sl], size[sl])
            at = np.arange(len(rep)) + np.repeat(lo[sl] - (np.cumsum(size[sl]) - size[sl]),
                                                 size[sl])
            a, b = np.minimum(rep, right[at]), np.maximum(rep, right[at])
            self.parts.append(_pair_codes(np, a, b, self.n)[a != b])
            del rep, at, a, b
            total = sum(map(len, self.parts))
            if total - self.merged > max(_PAIR_CHUNK, self.merged):  # amortised: as it doubles
                self.parts[:] = [_unique(np, self.parts)]
                self.merged = len(self.parts[0])
            begin = end


def _candidate_tables(systems: list[TableSystem], cells: _SharedCells,
                      signature: list[object], tables: list[int] | None = None
                      ) -> list[tuple[int, int]]:
    """Pairs of tables (lower first) that can link: under some label combination their cells
    could link (the same published value, or one unknown, and hubs that do not differ), and
    under none do two of their published cells differ. A pair this drops cannot link; the
    caller still checks each pair it keeps exactly. ``tables``: block the entries of those
    tables only (``cells.only(tables)``, read a slice at a time: :class:`_BlockSlices`).

    Why numpy, over many shared cells at once: the candidates of a release of similar tables
    are many (every pair with one equal small count), and forming them one by one in Python,
    then checking each, was the parent's largest serial step under ``-j``. Why slices of
    whole combinations (:func:`_combination_slices`), not every entry at once: the arrays
    are then the size of a slice, and each pair's differing cells are counted slice by slice
    and added (every comparison is under one combination).
    """
    import numpy as np

    n = len(systems)
    sig_id: dict[object, int] = {}
    table_sig = np.array([-1 if sig is _WILD else sig_id.setdefault(sig, len(sig_id))
                          for sig in signature], dtype=np.int64)
    slices = _BlockSlices(np, cells, n, tables)
    pairs = _PairCodes(n)
    for part, lo, hi in slices:
        _slice_pairs(np, part, lo, hi, table_sig, pairs)
        del part  # before the next slice is made
    codes = _unique(np, pairs.parts)
    del pairs
    if not len(codes):
        return []
    first, second = codes // n, codes % n
    differ = np.zeros(len(first), dtype=np.int64)
    for part, lo, hi in slices:
        differ += _slice_differ(np, part, lo, hi, n, first, second)
        del part
    keep = differ == 0
    return list(zip(first[keep].tolist(), second[keep].tolist(), strict=True))


def _slice_pairs(np: Any, cells: _SharedCells, lo: int, hi: int, table_sig: Any,
                 pairs: _PairCodes) -> None:
    """The pairs of tables whose cells under the combinations of entries ``lo:hi`` could
    link, added to ``pairs``."""
    S, K = cells.S[lo:hi], cells.K[lo:hi]
    unknown = ~cells.known[lo:hi]
    V = cells.floats_or_nan(lo, hi)
    G = table_sig[K]
    wild = G == -1
    published = ~unknown & (V == V)  # NaN is published but equals nothing
    # the same value under one combination and the same hub (or no hub value: any hub)
    # (each grouping's arrays dropped before the next is made: a release of many large
    # tables has millions of entries, and these were the blocking's peak of memory)
    order, first, size = _groups(np, [G, V, S], published)
    k_order = K[order]
    pairs.cross(np, k_order, first, size, k_order)
    del order, first, size, k_order
    order, first, size = _groups(np, [V, S], published)
    k_order, w = K[order], wild[order]
    pairs.cross(np, k_order[w], first[w], size[w], k_order)
    del order, first, size, k_order, w
    # an unknown cell under a combination, with every table there if it has no hub value
    order, first, size = _groups(np, [S])
    k_order, u = K[order], unknown[order] & wild[order]
    pairs.cross(np, k_order[u], first[u], size[u], k_order)  # no hub value: every table
    del order, first, size, k_order, u
    # ... else with the tables of the same hub value (or none)
    order, first, size = _groups(np, [G, S])
    k_order, u = K[order], unknown[order]
    pairs.cross(np, k_order[u], first[u], size[u], k_order)  # the same hub value (or both none)
    del k_order, u
    # a hub value, with the tables under that combination that have none: each
    # combination's group of tables with no hub value (its first in ``order``: every wild
    # entry of a combination is in one group of [G, S]), looked up for each unknown cell
    # that has a hub value, in numpy (a Python look-up per such cell was ~1 s of a release
    # of 100 long tables, the other core idle)
    at_wild = np.flatnonzero(wild[order])
    u = np.flatnonzero(unknown & ~wild)
    if len(u) and len(at_wild):
        combos, met = np.unique(S[order[at_wild]], return_index=True)  # sorted; first met
        wild_lo, wild_size = first[at_wild[met]], size[at_wild[met]]
        where = np.minimum(np.searchsorted(combos, S[u]), len(combos) - 1)
        has = combos[where] == S[u]
        u, where = u[has], where[has]
        if len(u):
            pairs.cross(np, K[u], wild_lo[where].astype(np.int64),
                        wild_size[where].astype(np.int64), K[order])


def _slice_differ(np: Any, cells: _SharedCells, lo: int, hi: int, n: int, first: Any,
                  second: Any) -> Any:
    """For each pair of tables ``(first, second)``, how many pairs of their published cells
    under the combinations of entries ``lo:hi`` differ: all pairs of published cells under
    one combination, less those of equal values (as sparse products of the tables' cell
    counts)."""
    from scipy import sparse

    S, K = cells.S[lo:hi], cells.K[lo:hi]
    # a line's unpublished total is no printed number: it neither agrees nor differs
    # (a table of some of the categories sums to less than the population's margin)
    unknown = ~cells.known[lo:hi] | cells.virtual[lo:hi]
    V = cells.floats_or_nan(lo, hi)
    published = ~unknown & (V == V)
    order, starts, _ = _groups(np, [V, S], published)
    cls = np.empty(len(S), dtype=np.int64)
    _, cls[order] = np.unique(starts, return_inverse=True)
    nan = ~unknown & ~published
    cls[nan] = len(order) + np.arange(int(nan.sum()))  # a class of its own
    pub = ~unknown
    ones = np.ones(int(pub.sum()), dtype=np.int64)
    counts = sparse.csr_matrix((ones, (K[pub], S[pub])), shape=(n, cells.n_shared))
    equal = sparse.csr_matrix((ones, (K[pub], cls[pub])),
                              shape=(n, len(order) + int(nan.sum())))
    del S, K, unknown, V, published, order, starts, cls, nan, pub, ones
    widest = int(np.diff(counts.indptr).max(initial=1)) or 1
    # pairs' rows gathered at once (bounds the memory)
    step = max(1, _PAIR_CHUNK * _ROWS_PER_STEP // widest)
    differ = np.zeros(len(first), dtype=np.int64)
    for at in range(0, len(first), step):
        a, b = first[at:at + step], second[at:at + step]
        differ[at:at + step] = (
            np.asarray(counts[a].multiply(counts[b]).sum(axis=1)).ravel()
            - np.asarray(equal[a].multiply(equal[b]).sum(axis=1)).ravel())
    return differ


def _unique(np: Any, parts: list[Any]) -> Any:
    """The sorted distinct codes of ``parts``, by sorting (``np.unique`` hashes in numpy 2,
    several times slower on these arrays)."""
    if not parts:
        return np.zeros(0, dtype=np.int64)
    codes = np.sort(np.concatenate(parts))
    if len(codes) < 2:
        return codes
    keep = np.empty(len(codes), dtype=bool)
    keep[0] = True
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def _own_cells(ts: TableSystem) -> int:
    """How many of a system's variables are its table's cells (the rest are its lines'
    unpublished totals); every one for a bare system of keys alone (the tests')."""
    cells = getattr(ts, "cells", None)
    return len(cells) if cells is not None else 1 << 62


Printed = frozenset[int]  # the combinations of a line's members (what it prints on it)


class _LineCategories:
    """What a table prints on each line of one of its totals: for every equation whose
    total is that variable (a line's unpublished total, or a printed margin), the
    combinations of its members, read from the table's equations and its variables'
    combination numbers (``_SharedCells.combos``). None for a cell that totals no line of
    its table (a table by sex alone; an ACRO pivot's count measure, keyed by its row)."""

    def __init__(self, ts: TableSystem, combos: Any) -> None:
        self.ts = ts
        self.combos = combos
        self._found: dict[int, tuple[Printed, ...]] = {}
        self._by_total: tuple[Any, Any, Any, Any] | None = None

    def __call__(self, var: int) -> tuple[Printed, ...]:
        found = self._found.get(var)
        if found is None:
            found = self._found[var] = self._read(var)
        return found

    def _read(self, var: int) -> tuple[Printed, ...]:
        import numpy as np

        if self.combos is None:  # no combinations kept: no line is known
            return ()
        if self._by_total is None:
            equations = self.ts.equation_cells
            if isinstance(equations, PackedEquations):
                lengths, cols = equations.arrays()
            else:
                lengths = np.fromiter(map(len, equations), dtype=np.int64,
                                      count=len(equations))
                cols = np.fromiter(itertools.chain.from_iterable(equations), dtype=np.int64,
                                   count=int(lengths.sum()))
            ends = np.cumsum(lengths)
            totals = cols[ends - 1] if len(ends) else np.zeros(0, dtype=np.int64)
            order = np.argsort(totals, kind="stable")
            self._by_total = (totals[order], order, ends, cols)
        totals, order, ends, cols = self._by_total
        lo, hi = np.searchsorted(totals, [var, var + 1]).tolist()
        return tuple(frozenset(self.combos[cols[int(ends[eq - 1]) if eq else 0:
                                                int(ends[eq]) - 1]].tolist())
                     for eq in order[lo:hi].tolist())


def _comparable(virtual_a: bool, virtual_b: bool, lines_a: tuple[Printed, ...],
                lines_b: tuple[Printed, ...]) -> bool:
    """Whether two tables' numbers under one combination, one of them (or both) a line's
    unpublished total, can count one population. Such a total is the sum of what its
    table prints on the line: another table's total there is that quantity only if the
    table prints every category the other prints along that line (a printed margin may
    count categories its table does not print; two unpublished totals, exactly the same
    ones). Two lines are taken to run along one dimension when they print a category in
    common; a line of another dimension (a grand total read along the other way) says
    nothing of it (round 37, link37)."""
    def covers(virtual: tuple[Printed, ...], other: tuple[Printed, ...], both: bool) -> bool:
        return all(line >= seen and (not both or line == seen)
                   for line in virtual for seen in other if line & seen)

    if virtual_a and virtual_b:
        return covers(lines_a, lines_b, True)
    if virtual_a:
        return covers(lines_a, lines_b, False)
    if virtual_b:
        return covers(lines_b, lines_a, False)
    return True


def _exact_links(a: dict[int, list[Held]], b: dict[int, list[Held]],
                 lines_a: Callable[[int], tuple[Printed, ...]] | None = None,
                 lines_b: Callable[[int], tuple[Printed, ...]] | None = None
                 ) -> tuple[tuple[int, int, int], int, list[tuple[int, int]]] | None:
    """Two tables' links (``a`` before ``b``), compared on every label combination they
    share: ``None`` when two of their numbers differ; else where the pair first met (for the
    order of comparing all pairs), how many published cells agree, and the variable pairs.

    A line's unpublished total is compared with the other's number there only when the
    two can count the same categories of the line (:func:`_comparable`; ``lines_a`` and
    ``lines_b`` give what each table prints on a total's lines). Else it is left out of
    the pairs and agrees with nothing; where both numbers are known and differ, the tables
    are parted unless ``MIN_SHARED_FOR_LINK`` of the numbers compared agree (as a
    strong link counts them). Round 36 (hunt36) found the parting wrong where a table
    prints some of another's rows, no totals row:
    the cells it printed that the other hid gave nothing back, though its printed rows
    agreed with the other's. Its fix (never parting, an unknown sum equated with every
    other total) linked tables of other age bands that agree on no cell, and made
    contradictions (round 37, link37). Parted only where no number agrees: one agreeing
    number (the row ``A`` both print, its total 75, each hiding other cells) is a weak link
    (round 40, hunt40: parted, two tables of rows ``A, B`` and ``A, C`` gave ``A``'s hidden
    cells back and passed); the audit drops it where it contradicts, and its findings are
    ``review``."""
    def comparable(ia: int, virtual_a: bool, ib: int, virtual_b: bool) -> bool:
        if not (virtual_a or virtual_b):
            return True
        return _comparable(virtual_a, virtual_b,
                           lines_a(ia) if lines_a is not None else (),
                           lines_b(ib) if lines_b is not None else ())

    common = sorted(a.keys() & b.keys())
    agree = 0
    other_lines_differ = False  # a sum over other categories differs: parts them alone
    pairs = []
    for index in common:
        for _, ia, va, virtual_a in a[index]:
            for _, ib, vb, virtual_b in b[index]:
                known = va is not None and vb is not None
                if not comparable(ia, virtual_a, ib, virtual_b):
                    other_lines_differ = other_lines_differ or (known and va != vb)
                    continue
                if known:
                    if va != vb:
                        return None
                    agree += 1
                pairs.append((ia, ib))
    if not common or (other_lines_differ and not agree):
        return None
    first = (common[0], a[common[0]][0][0], b[common[0]][0][0])
    return first, agree, pairs
