"""Per-cell disclosure evidence for frequency and magnitude tables, in one vectorised pass.

The rules need more than the published table: how many records and distinct contributors sit in
each cell, the largest contributions (dominance), negatives, missing values, extremes. ACRO
computes each of these with a separate ``pandas.crosstab`` and a Python aggregation function per
cell; here every quantity comes from ``numpy.bincount`` / ``ufunc.at`` scatters over one integer
cell id per row, so the whole evidence costs about as much as the table itself.

Definitions (they matter for the rules; see also :mod:`sdc.evidence.dominance`):

* A *record* is a row of the input. Rows whose ``by`` key is missing are dropped, as
  ``pandas.crosstab`` and ``groupby`` do.
* A *contribution* is what one contributor adds to a cell: the sum of its records' values (times
  their weights) within that cell. With ``contributor=None`` every record is its own contributor.
  Records whose contributor id is missing are lumped into one "unknown" contributor per cell:
  that undercounts units and overstates the top contribution, both on the safe side.
* A *unit* is a contributor with at least one non-missing value in the cell (for a frequency
  table, ``value=None``, with at least one record). A cell of ten records of which one has a
  value has one unit.
* ``top1..topN`` are the N largest *positive* contributions, ranked by signed value (not absolute
  value), zero-padded when the cell has fewer. Negative and zero contributions never enter them;
  ``n_negative`` says whether the dominance rules apply at all. For a frequency table a
  contribution is the contributor's (weighted) record count.
* ``total`` is the (weighted) sum of non-missing values; for a frequency table the (weighted)
  record count. ``min``, ``max`` and ``all_same`` describe the raw, unweighted, non-missing values;
  ``all_same`` is false for a cell without values, and for every cell of a frequency table.
* Weights scale values and totals but never counts: ``n_records`` and ``n_units`` are always
  unweighted, the weighted frequencies are in ``weighted_count`` / ``weighted_n_values``.
* ``n_negative`` counts records with a negative value (not contributors with a negative net
  contribution), like ACRO's ``num_negative``: a refund inside a positive contributor still
  means the data has negatives.

Where ACRO 1.0.2 differs: its threshold check counts records (``crosstab`` frequencies, missing
values included), where the threshold rule here should read ``n_units``; its dominance inputs
rank records, never contributors; its ``all-values-are-same`` check treats a missing value as
different from the others, here missing values are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "COUNT_COLUMNS",
    "cell_evidence",
    "drop_unused_levels",
    "evidence_table",
    "quantile_column",
    "top_columns",
    "top_id_columns",
]

COUNT_COLUMNS = ("n_records", "n_units", "n_values", "n_missing", "n_negative")

# Combined ids spanning up to max(this, 2 × rows) are made dense with bincount (O(n) time, memory
# proportional to the span); sparser ones with a sort or a hash.
_DENSE_LIMIT = 1 << 20
# Above this the integer combination of key codes would overflow int64.
_ID_LIMIT = 1 << 62
# observed=False refuses to materialise more cells than this.
_MAX_FULL_CELLS = 50_000_000


def top_columns(top_n: int) -> list[str]:
    """Names of the top-contribution columns: ``top1 .. topN``."""
    return [f"top{i}" for i in range(1, top_n + 1)]


def top_id_columns(top_n: int) -> list[str]:
    """Names of the columns saying who made each top contribution: ``top1_id .. topN_id``."""
    return [f"top{i}_id" for i in range(1, top_n + 1)]


def quantile_column(q: float) -> str:
    """Name of the evidence column holding the ``q`` quantile: ``q0.5``, ``q0.9``."""
    return f"q{float(q)!r}"


def drop_unused_levels(index: pd.MultiIndex) -> pd.MultiIndex:
    """``MultiIndex.remove_unused_levels`` that keeps each level's order: pandas 3.1 reorders
    the kept labels by first appearance, which would publish columns out of sort order."""
    levels, codes = [], []
    for level, code in zip(index.levels, index.codes, strict=True):
        code = np.asarray(code)
        used = np.zeros(len(level), dtype=bool)
        used[code[code >= 0]] = True
        remap = np.cumsum(used) - 1
        levels.append(level[used])
        codes.append(np.where(code >= 0, remap[np.maximum(code, 0)], -1))
    return pd.MultiIndex(levels=levels, codes=codes, names=index.names, verify_integrity=False)


def _check_quantiles(quantiles: Sequence[float]) -> list[float]:
    out = []
    for q in quantiles:
        if isinstance(q, bool) or not 0 <= float(q) <= 1:
            raise ValueError(f"quantile {q!r} must be a fraction in [0, 1]")
        out.append(float(q))
    return out


def _encode_key(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 for missing) and the labels they index, in groupby's sort order."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.intp), pd.Index(series.cat.categories)
    try:
        codes, uniques = pd.factorize(series, sort=True)
    except TypeError:  # labels of mixed types that do not sort: order them by their text
        codes, uniques = pd.factorize(series, sort=False)
        order = np.argsort(np.asarray([str(u) for u in uniques]), kind="stable")
        remap = np.empty(len(order), dtype=np.intp)
        remap[order] = np.arange(len(order))
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        uniques = uniques[order]
    return np.asarray(codes, dtype=np.intp), pd.Index(uniques)


def _numeric(series: pd.Series, name: str) -> np.ndarray:
    """A float64 copy of a numeric column with NaN for missing; refuse text rather than guess."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    if not pd.api.types.is_numeric_dtype(series.dtype):
        raise TypeError(f"column {name!r} must be numeric, not {series.dtype}")
    return series.to_numpy(dtype=float, na_value=np.nan)


def _dense_ids(key: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct values of a non-negative int key ``0 <= key < span`` in sorted order.

    Returns ``(id per element, sorted distinct keys)``. A bincount lookup table when ``span`` is
    small relative to the data (linear time), otherwise one sort.
    """
    if span <= max(_DENSE_LIMIT, 2 * key.size):
        present = np.flatnonzero(np.bincount(key, minlength=span))
        lookup = np.empty(span, dtype=np.intp)
        lookup[present] = np.arange(present.size, dtype=np.intp)
        return lookup[key], present
    if key.size == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
    bits = max(int(key.size - 1).bit_length(), 1)
    if span <= 1 << (62 - bits):
        # Pack (key, row) into one int64 and sort values, not indices: about twice as fast as
        # argsort, and the row number rides along in the low bits.
        packed = (key.astype(np.int64) << bits) | np.arange(key.size, dtype=np.int64)
        packed.sort()
        order = (packed & ((1 << bits) - 1)).astype(np.intp)
        ordered = packed >> bits
    else:
        order = np.argsort(key)
        ordered = key[order]
    new = np.empty(key.size, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    ids = np.empty(key.size, dtype=np.intp)
    ids[order] = np.cumsum(new) - 1
    return ids, ordered[new]


def _encode_contributor(series: pd.Series) -> tuple[np.ndarray, int, Any]:
    """Contributor codes ``0 <= code < n`` where code ``n - 1`` stands for a missing id, and
    what turns a code back into its id (an offset, or the factorized labels).

    Plain integer ids over a compact range are used as they are (offset by their minimum),
    which avoids hashing a million ids; anything else is factorized.
    """
    plain_int = isinstance(series.dtype, np.dtype) and series.dtype.kind in "iu"
    arr = series.to_numpy() if plain_int else None  # not nullable Int64: it may hold NA
    if arr is not None and arr.size:
        lo, hi = arr.min(), arr.max()
        if int(hi) - int(lo) < max(_DENSE_LIMIT, 2 * arr.size):
            return (arr - lo).astype(np.int64), int(hi) - int(lo) + 2, int(lo)
    codes, uniques = pd.factorize(series)
    codes = np.asarray(codes, dtype=np.int64)
    n_contrib = len(uniques) + 1
    codes[codes < 0] = n_contrib - 1  # the cell's "unknown contributor"
    return codes, n_contrib, uniques


def contributor_label(value: Any) -> str:
    """A contributor id as the sidecar's ``top_ids`` write it (the engines write the same)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _contributor_labels(codes: np.ndarray, n_contrib: int, decode: Any) -> list[str | None]:
    """The ids of contributor codes; ``None`` for -1 (no contributor) and the unknown one."""
    out: list[str | None] = []
    for code in codes.tolist():
        if code < 0 or code == n_contrib - 1:
            out.append(None)
        elif isinstance(decode, int):
            out.append(str(decode + code))
        else:
            out.append(contributor_label(decode[code]))
    return out


def _cell_ids(
    codes: list[np.ndarray], sizes: list[int], n_rows: int, observed: bool
) -> tuple[np.ndarray, int, list[np.ndarray]]:
    """Dense cell id per row, the number of cells, and each cell's code in every dimension.

    Cells come out in lexicographic order of the key codes, i.e. the order of ``groupby``.
    """
    if not codes:  # grand total: one cell holding every row
        return np.zeros(n_rows, dtype=np.intp), (1 if n_rows or not observed else 0), []
    if min(sizes) == 0 or (observed and n_rows == 0):
        return np.zeros(n_rows, dtype=np.intp), 0, [np.zeros(0, dtype=np.intp) for _ in codes]
    full = 1
    for size in sizes:
        full *= size
    if not observed:
        if full > _MAX_FULL_CELLS:
            raise ValueError(f"observed=False would create {full} cells; use observed=True")
        comb = np.zeros(n_rows, dtype=np.int64)
        for code, size in zip(codes, sizes, strict=True):
            comb = comb * size + code
        cell_codes = [
            np.asarray(c, dtype=np.intp) for c in np.unravel_index(np.arange(full), sizes)
        ]
        return comb.astype(np.intp, copy=False), full, cell_codes

    # Combine codes into one int64 id; compress (keeping order) if it would overflow.
    comb = np.zeros(n_rows, dtype=np.int64)
    span = 1
    compressed = False
    for code, size in zip(codes, sizes, strict=True):
        if span * size >= _ID_LIMIT:
            comb, uniq = pd.factorize(comb, sort=True)
            comb = comb.astype(np.int64, copy=False)
            span = len(uniq)
            compressed = True
        comb = comb * size + code
        span *= size
    cell, present = _dense_ids(comb, span)
    n_cells = int(present.size)
    if compressed:  # decode each cell's codes from one of its rows
        rep = np.empty(n_cells, dtype=np.intp)
        rep[cell] = np.arange(n_rows, dtype=np.intp)
        cell_codes = [code[rep] for code in codes]
    else:
        cell_codes = [np.asarray(c, dtype=np.intp) for c in np.unravel_index(present, sizes)]
    return cell, n_cells, cell_codes


def _top_n(cell: np.ndarray, contrib: np.ndarray, n_cells: int, top_n: int) -> np.ndarray:
    """The ``top_n`` largest positive contributions of each cell, descending, zero-padded.

    No sort: take each cell's maximum with ``np.maximum.at``, knock one occurrence of it out and
    repeat, so the cost is ``top_n`` linear passes. Ties are kept (two equal largest values fill
    ``top1`` and ``top2``).
    """
    return _ranked(cell, contrib, n_cells, top_n)[0]


def _ranked(cell: np.ndarray, contrib: np.ndarray, n_cells: int, ranks: int,
            owner: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's ``ranks`` largest positive contributions (the passes of :func:`_top_n`)
    and, with ``owner``, the owner code of each (-1 where there is none)."""
    values = np.zeros((n_cells, ranks), dtype=float)
    owners = np.full((n_cells, ranks if owner is not None else 0), -1, dtype=np.int64)
    if ranks == 0 or contrib.size == 0:
        return values, owners
    positive = contrib > 0
    if positive.all():
        x = contrib.copy()
    else:
        x, cell = contrib[positive], cell[positive]
        owner = owner[positive] if owner is not None else None
    if x.size == 0:
        return values, owners
    one_each = np.empty(n_cells, dtype=np.intp)
    for j in range(ranks):
        best = np.zeros(n_cells, dtype=float)
        np.maximum.at(best, cell, x)
        values[:, j] = best
        if j == ranks - 1:
            break
        hits = np.flatnonzero((x > 0) & (x == best[cell]))
        if hits.size == 0:
            break
        # Exactly one of each cell's maxima is removed; which one does not matter.
        one_each.fill(-1)
        one_each[cell[hits]] = hits
        found = one_each >= 0
        if owner is not None:
            owners[found, j] = owner[one_each[found]]
        x[one_each[found]] = 0.0
    return values, owners


def _top_owners(cell: np.ndarray, contrib: np.ndarray, owner: np.ndarray, n_cells: int,
                top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_top_n` (the same passes, one more) and who made each of those contributions:
    the owner code of ``top1..topN``, -1 where there is none or where the contribution ties
    with another among the first ``top_n + 1`` (which of the equal contributors sits at that
    rank is arbitrary, so none is named: the engines agree, and a respondent audit only loses
    a bound, never gains a wrong one)."""
    if top_n == 0:
        return np.zeros((n_cells, 0)), np.full((n_cells, 0), -1, dtype=np.int64)
    values, owners = _ranked(cell, contrib, n_cells, top_n + 1, owner)
    head, owners = values[:, :top_n], owners[:, :top_n]
    tied = (head > 0) & (head == values[:, 1:])
    tied[:, 1:] |= (head[:, 1:] > 0) & (head[:, 1:] == head[:, :-1])
    owners[tied] = -1
    return head, owners


def _evidence_arrays(
    cell: np.ndarray,
    n_cells: int,
    values: np.ndarray | None,
    weights: np.ndarray | None,
    contrib: np.ndarray | None,
    n_contrib: int,
    top_n: int,
    stats: bool,
    quantiles: Sequence[float] = (),
    variance: bool = False,
    mode: bool = False,
    top_ids: bool = False,
) -> dict[str, np.ndarray]:
    """Every evidence column for one grouping of the rows, as arrays of length ``n_cells``;
    with ``top_ids`` (and contributors) the owner code of each top contribution too."""
    out: dict[str, np.ndarray] = {}
    n_records = np.bincount(cell, minlength=n_cells)
    out["n_records"] = n_records

    if values is None:
        ok = None
        cell_ok = cell
        amount = weights if weights is not None else np.ones(cell.shape[0], dtype=float)
        n_values = n_records
        total = np.bincount(cell, weights=amount, minlength=n_cells).astype(float)
        n_negative = np.zeros(n_cells, dtype=np.int64)
    else:
        missing = np.isnan(values)
        if missing.any():
            ok = ~missing
            cell_ok, v_ok = cell[ok], values[ok]
            w_ok = weights[ok] if weights is not None else None
        else:
            ok, cell_ok, v_ok, w_ok = None, cell, values, weights
        amount = v_ok * w_ok if w_ok is not None else v_ok
        n_values = np.bincount(cell_ok, minlength=n_cells)
        # astype: bincount of no rows is int64 even with weights; a total is always a float
        total = np.bincount(cell_ok, weights=amount, minlength=n_cells).astype(float)
        n_negative = np.bincount(cell_ok[v_ok < 0], minlength=n_cells)

    # Contributions: per record, or per (cell, contributor) pair summed over its records.
    if contrib is None:
        n_units = n_values
        contrib_cell, contributions = cell_ok, amount
    else:
        c_ok = contrib if ok is None else contrib[ok]
        pair = cell_ok.astype(np.int64) * n_contrib + c_ok
        pair_id, pair_key = _dense_ids(pair, n_cells * n_contrib)
        contrib_cell = (pair_key // n_contrib).astype(np.intp)
        contributions = np.bincount(pair_id, weights=amount, minlength=pair_key.size)
        n_units = np.bincount(contrib_cell, minlength=n_cells)

    out["n_units"] = n_units
    out["n_values"] = n_values
    out["n_missing"] = n_records - n_values
    out["n_negative"] = n_negative
    out["total"] = total
    if top_ids and contrib is not None:  # one ranking gives the values and their owners
        top, owners = _top_owners(contrib_cell, contributions, pair_key % n_contrib, n_cells,
                                  top_n)
        for j, name in enumerate(top_id_columns(top_n)):
            out[name] = owners[:, j]
    else:
        top = _top_n(contrib_cell, contributions, n_cells, top_n)
    for j, name in enumerate(top_columns(top_n)):
        out[name] = top[:, j]

    if stats:
        if values is None:  # a frequency table has no values to describe
            lo = np.full(n_cells, np.nan)
            hi = np.full(n_cells, np.nan)
        else:
            lo = np.full(n_cells, np.inf)
            hi = np.full(n_cells, -np.inf)
            np.minimum.at(lo, cell_ok, v_ok)
            np.maximum.at(hi, cell_ok, v_ok)
            empty = n_values == 0
            lo[empty] = np.nan
            hi[empty] = np.nan
        out["min"] = lo
        out["max"] = hi
        out["all_same"] = (n_values > 0) & (lo == hi)

    if quantiles or variance or mode:
        if values is None:  # a frequency table has no values to describe
            v_ok = np.zeros(0, dtype=float)
            cell_ok = np.zeros(0, dtype=np.intp)
        out.update(_value_statistics(cell_ok, v_ok, n_cells, quantiles, variance, mode))

    if weights is not None:
        out["weighted_count"] = np.bincount(cell, weights=weights, minlength=n_cells).astype(
            float)
        if values is None:
            out["weighted_n_values"] = out["weighted_count"]
        else:
            w_ok = weights if ok is None else weights[ok]
            out["weighted_n_values"] = np.bincount(cell_ok, weights=w_ok,
                                                   minlength=n_cells).astype(float)
    return out


def _sorted_within_cells(cell: np.ndarray, values: np.ndarray, n: np.ndarray,
                         start: np.ndarray) -> np.ndarray:
    """The values ordered by cell, then by value (``values[np.lexsort((values, cell))]``).

    A two-key ``lexsort`` of a million rows costs several times a pandas ``groupby().median()``.
    Here the rows are grouped by cell first (a radix sort of 16-bit ids when they fit), then
    each cell's run is sorted on its own: cells of about the same size (within a factor of two)
    are stacked as the rows of one matrix padded with ``inf`` and sorted along the rows, so the
    padding never exceeds the data and a few ``np.sort`` calls do the whole table.
    """
    n_cells = n.size
    if cell.size == 0:
        return values.copy()
    ids = cell.astype(np.uint16) if n_cells <= 1 << 16 else cell
    grouped = values[np.argsort(ids, kind="stable")]
    size_class = np.zeros(n_cells, dtype=np.intp)
    several = n > 1
    size_class[several] = np.ceil(np.log2(n[several])).astype(np.intp)
    for k in np.unique(size_class[several]):
        cells = np.flatnonzero(several & (size_class == k))
        sizes = n[cells]
        cols = np.arange(int(sizes.max()))
        inside = cols[np.newaxis, :] < sizes[:, np.newaxis]
        where = (start[cells][:, np.newaxis] + cols[np.newaxis, :])[inside]
        block = np.full(inside.shape, np.inf)
        block[inside] = grouped[where]
        block.sort(axis=1)
        grouped[where] = block[inside]
    return grouped


def _value_statistics(
    cell: np.ndarray,
    values: np.ndarray,
    n_cells: int,
    quantiles: Sequence[float],
    variance: bool,
    mode: bool,
) -> dict[str, np.ndarray]:
    """Quantiles, sample variance and mode of the (unweighted, non-missing) values of each cell.

    One sort by (cell, value) serves every quantile and the mode (:func:`_sorted_within_cells`);
    the variance is two passes of ``bincount`` (mean, then squared deviations), so no Python
    loop over cells either way.
    Quantiles interpolate linearly between order statistics (pandas' and numpy's default); the
    variance has ``ddof=1`` (NaN below two values); the mode is the most frequent value, the
    smallest of them on ties (deterministic, unlike a random pick). Cells without values get NaN.
    """
    out: dict[str, np.ndarray] = {}
    n = np.bincount(cell, minlength=n_cells)
    empty = n == 0
    if variance:
        mean = np.bincount(cell, weights=values, minlength=n_cells) / np.maximum(n, 1)
        dev = values - mean[cell]
        squares = np.bincount(cell, weights=dev * dev, minlength=n_cells)
        var = np.full(n_cells, np.nan)
        many = n > 1
        var[many] = squares[many] / (n[many] - 1)
        lo = np.full(n_cells, np.inf)
        hi = np.full(n_cells, -np.inf)
        np.minimum.at(lo, cell, values)
        np.maximum.at(hi, cell, values)
        var[many & (lo == hi)] = 0.0  # not a rounding residue of the mean
        out["var"] = var
    if not (quantiles or mode):
        return out
    start = np.zeros(n_cells, dtype=np.intp)
    np.cumsum(n[:-1], out=start[1:])
    x = _sorted_within_cells(cell, values, n, start)
    last = np.maximum(n - 1, 0)
    for q in quantiles:
        pos = last * q
        below = np.floor(pos).astype(np.intp)
        above = np.minimum(below + 1, last)
        frac = pos - below
        if x.size:
            a = x[np.minimum(start + below, x.size - 1)]
            b = x[np.minimum(start + above, x.size - 1)]
            result = a + (b - a) * frac
        else:
            result = np.zeros(n_cells)
        result[empty] = np.nan
        out[quantile_column(q)] = result
    if mode:
        result = np.full(n_cells, np.nan)
        if x.size:
            c = np.repeat(np.arange(n_cells), n)
            new = np.empty(x.size, dtype=bool)
            new[0] = True
            new[1:] = (c[1:] != c[:-1]) | (x[1:] != x[:-1])
            run_start = np.flatnonzero(new)
            run_len = np.diff(np.append(run_start, x.size))
            run_cell = c[run_start]
            best = np.zeros(n_cells, dtype=run_len.dtype)
            np.maximum.at(best, run_cell, run_len)
            winners = np.flatnonzero(run_len == best[run_cell])
            first = np.ones(winners.size, dtype=bool)
            first[1:] = run_cell[winners[1:]] != run_cell[winners[:-1]]
            winners = winners[first]  # runs are sorted by value: the smallest modal value
            result[run_cell[winners]] = x[run_start[winners]]
        out["mode"] = result
    return out


def _margin_sets(by: list[str], margins: bool | Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The dimension subsets to group by: the full table first, then each margin's kept dims."""
    sets: list[tuple[str, ...]] = [tuple(by)]
    if margins is False or margins is None:
        return sets
    if margins is True:
        for size in range(len(by) - 1, -1, -1):
            sets.extend(combinations(by, size))
        return sets
    for kept in margins:
        if isinstance(kept, str):
            raise TypeError("margins must be True or a list of lists of dimension names")
        unknown = set(kept) - set(by)
        if unknown:
            raise ValueError(f"margin dimensions {sorted(unknown)} are not in by={by}")
        ordered = tuple(d for d in by if d in set(kept))
        if ordered not in sets:
            sets.append(ordered)
    return sets


def cell_evidence(
    df: pd.DataFrame,
    by: list[str],
    value: str | None,
    contributor: str | None = None,
    weights: str | None = None,
    top_n: int = 3,
    stats: bool = True,
    *,
    margins: bool | Sequence[Sequence[str]] = False,
    margins_name: str = "All",
    observed: bool = True,
    quantiles: Sequence[float] = (),
    variance: bool = False,
    mode: bool = False,
    top_ids: bool = False,
) -> pd.DataFrame:
    """Disclosure evidence for every cell of the table of ``value`` grouped by ``by``.

    Returns one row per cell, indexed by a MultiIndex over ``by`` (even for a single dimension,
    so that cells are always addressed by tuples), in ``groupby`` order. Columns:
    ``n_records, n_units, n_values, n_missing, n_negative, total, top1..topN``, then
    ``min, max, all_same`` when ``stats`` and ``weighted_count, weighted_n_values`` when
    ``weights``. See the module docstring for exact definitions.

    ``value=None`` describes a frequency table. ``margins=True`` adds every margin (each subset
    of ``by`` with the other dimensions set to ``margins_name``), each computed from the
    microdata; a list of dimension lists adds only those margins (the dimensions kept).
    ``observed=False`` adds empty cells for every combination of labels (all categories of
    categorical keys) with zero counts.

    ``quantiles`` (fractions), ``variance`` and ``mode`` add the columns the published
    statistics need (``q0.5``..., ``var``, ``mode``; see :func:`quantile_column`), computed on the
    unweighted non-missing values.

    ``top_ids`` (with a ``contributor``) adds ``top1_id..topN_id``: the id (as text) of who made
    each top contribution, ``None`` where there is none, where the id is missing, or where the
    contribution ties with another (see :func:`_top_owners`). The sidecar writes them as
    ``top_ids``, which SDC502's respondent audit reads.
    """
    by = [by] if isinstance(by, str) else list(by)
    top_n = _check_request(df, by, [value, contributor, weights], top_n)
    quantiles = _check_quantiles(quantiles)
    data = _Microdata.encode(df, by, value, contributor, weights)
    margin_sets = _margin_sets(by, margins)
    with_margins = len(margin_sets) > 1
    if with_margins:
        for name, lv in zip(by, data.levels, strict=True):
            if margins_name in lv:
                raise ValueError(f"margins_name {margins_name!r} is a label of {name!r}")
    parts: list[tuple[list[np.ndarray], dict[str, np.ndarray]]] = []
    for kept in margin_sets:
        cell, n_cells, label_codes = _grouping(data, [by.index(d) for d in kept], observed)
        arrays = _evidence_arrays(cell, n_cells, data.values, data.weights, data.contributors,
                                  data.n_contributors, top_n, stats, quantiles, variance, mode,
                                  top_ids=top_ids)
        for name in top_id_columns(top_n) if top_ids and contributor is not None else ():
            arrays[name] = np.asarray(_contributor_labels(
                arrays[name], data.n_contributors, data.decode), dtype=object)
        parts.append((label_codes, arrays))
    return evidence_frame(by, data.levels, parts, margins_name if with_margins else None,
                          observed, sort=with_margins, value=value, contributor=contributor,
                          weights=weights, top_n=top_n)


def _check_request(df: pd.DataFrame, by: list[str], columns: list[str | None],
                   top_n: int) -> int:
    """Refuse a request that names no, repeated or absent columns; ``top_n`` as an int."""
    if not by:
        raise ValueError("by must name at least one column")
    if len(set(by)) != len(by):
        raise ValueError(f"by has repeated columns: {by}")
    wanted = [*by, *(c for c in columns if c is not None)]
    absent = [c for c in wanted if c not in df.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data frame")
    if isinstance(top_n, bool) or int(top_n) != top_n or top_n < 0:
        raise ValueError(f"top_n must be a non-negative integer, got {top_n!r}")
    return int(top_n)


@dataclass
class _Microdata:
    """The rows that count, encoded once for every grouping: key codes per dimension (with
    their labels), values, weights and contributor codes."""

    codes: list[np.ndarray]
    levels: list[pd.Index]
    values: np.ndarray | None
    weights: np.ndarray | None
    contributors: np.ndarray | None
    n_contributors: int
    decode: Any = None  # contributor code -> id: an offset, or the factorized labels

    @property
    def sizes(self) -> list[int]:
        return [len(lv) for lv in self.levels]

    @property
    def n_rows(self) -> int:
        return int(self.codes[0].shape[0])

    @classmethod
    def encode(cls, df: pd.DataFrame, by: list[str], value: str | None,
               contributor: str | None, weights: str | None) -> _Microdata:
        """Encode the columns and drop rows with a missing key, as crosstab does."""
        encoded = [_encode_key(df[name]) for name in by]
        codes = [c for c, _ in encoded]
        vals = _numeric(df[value], value) if value is not None else None
        wts = _numeric(df[weights], weights) if weights is not None else None
        contrib, n_contrib, decode = (_encode_contributor(df[contributor])
                                      if contributor is not None else (None, 0, None))
        keep = np.ones(len(df), dtype=bool)
        for code in codes:
            keep &= code >= 0
        if not keep.all():
            codes = [c[keep] for c in codes]
            vals = vals[keep] if vals is not None else None
            wts = wts[keep] if wts is not None else None
            contrib = contrib[keep] if contrib is not None else None
        if wts is not None and (np.isnan(wts).any() or (wts < 0).any()):
            raise ValueError(f"weights column {weights!r} has missing or negative weights")
        return cls(codes, [lv for _, lv in encoded], vals, wts, contrib, n_contrib, decode)


def _grouping(data: _Microdata, idx: list[int], observed: bool
              ) -> tuple[np.ndarray, int, list[np.ndarray]]:
    """One grouping set (the dimensions at ``idx`` kept, the others at their margin label):
    each row's cell, the number of cells, and the cells' label codes on every dimension."""
    sizes = data.sizes
    cell, n_cells, kept_codes = _cell_ids(
        [data.codes[i] for i in idx], [sizes[i] for i in idx], data.n_rows, observed)
    label_codes = []
    for i in range(len(data.codes)):
        if i in idx:
            label_codes.append(kept_codes[idx.index(i)])
        else:  # the margin label sits after every real label
            label_codes.append(np.full(n_cells, sizes[i], dtype=np.intp))
    return cell, n_cells, label_codes


def evidence_frame(
    by: list[str],
    levels: list[pd.Index],
    parts: list[tuple[list[np.ndarray], dict[str, np.ndarray]]],
    margins_name: str | None,
    observed: bool,
    *,
    sort: bool,
    value: str | None,
    contributor: str | None,
    weights: str | None,
    top_n: int,
) -> pd.DataFrame:
    """One evidence frame from per-grouping parts (label codes per dimension, evidence columns):
    the grouping sets stacked and sorted by label (margin labels after the real ones), a
    MultiIndex over ``levels``, integer count columns and the provenance attrs. Shared by the
    pandas path and every engine backend, so all of them hand back the same frame."""
    index_codes = [np.concatenate([p[0][i] for p in parts]) for i in range(len(by))]
    columns = {k: np.concatenate([p[1][k] for p in parts]) for k in parts[0][1]}
    if sort:
        order = (np.lexsort(index_codes[::-1]) if index_codes[0].size
                 else np.zeros(0, np.intp))
        index_codes = [c[order] for c in index_codes]
        columns = {k: v[order] for k, v in columns.items()}
    index_levels = levels if margins_name is None else [
        lv.astype(object).append(pd.Index([margins_name], dtype=object)) for lv in levels]
    index = pd.MultiIndex(levels=index_levels, codes=index_codes, names=by, verify_integrity=False)
    if observed:
        index = drop_unused_levels(index)
    result = pd.DataFrame(columns, index=index)
    for name in COUNT_COLUMNS:
        result[name] = result[name].astype(np.int64)
    result.attrs["sdc.evidence"] = {
        "by": by,
        "value": value,
        "contributor": contributor,
        "weights": weights,
        "top_n": top_n,
        "margins_name": margins_name,
    }
    return result


def evidence_table(
    evidence: pd.DataFrame,
    aggfunc: str = "mean",
    columns: Sequence[str] | None = None,
    dropna: bool = True,
) -> pd.DataFrame | pd.Series:
    """The published statistic rebuilt from evidence, optionally unstacked like a crosstab.

    Supports what evidence determines exactly: ``"size"`` (records, or the weighted count),
    ``"count"`` (non-missing values), ``"sum"``, ``"mean"`` (weighted when the evidence is),
    ``"min"`` and ``"max"``; and, when the evidence has the columns, ``"median"``, ``"std"``,
    ``"var"``, ``"mode"`` and quantiles by column name (``"q0.9"``). ``columns`` are the
    dimensions to move to the columns; with ``dropna`` columns that are entirely NaN are
    dropped, as ``pandas.crosstab`` does.
    """
    weighted = "weighted_count" in evidence.columns
    if aggfunc == "size":
        stat = evidence["weighted_count"] if weighted else evidence["n_records"]
    elif aggfunc == "count":
        stat = evidence["n_values"]
    elif aggfunc == "sum":
        stat = evidence["total"]
    elif aggfunc == "mean":
        denom = evidence["weighted_n_values"] if weighted else evidence["n_values"]
        stat = evidence["total"] / denom.where(denom > 0)
    elif aggfunc in ("min", "max"):
        if aggfunc not in evidence.columns:
            raise ValueError(f"evidence was computed with stats=False; no {aggfunc!r}")
        stat = evidence[aggfunc]
    elif aggfunc in ("median", "std", "var", "mode") or (
        isinstance(aggfunc, str) and aggfunc.startswith("q") and aggfunc in evidence.columns
    ):
        column = {"median": quantile_column(0.5), "std": "var"}.get(aggfunc, aggfunc)
        if column not in evidence.columns:
            raise ValueError(f"evidence has no {column!r} column; compute it with cell_evidence's "
                             "quantiles=, variance= or mode=")
        stat = np.sqrt(evidence[column]) if aggfunc == "std" else evidence[column]
    else:
        raise ValueError(f"aggfunc {aggfunc!r} cannot be rebuilt from evidence")
    stat = stat.rename(aggfunc)
    if columns:
        table = stat.unstack(list(columns))
        return table.dropna(axis=1, how="all") if dropna else table
    return stat
