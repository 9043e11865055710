"""JSON outputs: tabular shapes (pandas ``to_json`` orients, lists of records) become a table;
anything else is text whose numbers are named for a person (SDC602).

Recognised shapes, as pandas writes them: ``records`` (a list of flat objects), ``split``
(``columns``/``index``/``data``), ``table`` (``schema``/``data``), ``columns`` and ``index``
(an object of flat objects), and ``values`` (a list of equal-length lists).
"""

from __future__ import annotations

import json
from typing import Any

from sdc.readers.column_names import join_levels
from sdc.readers.documents.model import Document, DocumentError, Flag, TextPart, TextTable

_SCALAR = (str, int, float, bool, type(None))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _records(rows: list[dict[str, Any]], index: list[Any] | None = None) -> list[list[str]]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    depth = _depth(index) if index is not None else 0
    grid = [[""] * depth + columns]
    for i, row in enumerate(rows):
        lead = _lead(index[i], depth) if index is not None else []
        grid.append(lead + [_text(row.get(c)) for c in columns])
    return grid


def _depth(index: list[Any]) -> int:
    """How many columns an index's labels take: ``k`` when every label is a list of ``k``
    (``orient="split"`` of several index levels, ``[["North", "F"], ...]``), else 1."""
    lengths = {len(k) if isinstance(k, list) else 0 for k in index}
    depth = lengths.pop() if len(lengths) == 1 else 0
    return depth if depth >= 2 else 1


def _lead(label: Any, depth: int) -> list[str]:
    if depth > 1:
        return [_text(level) for level in label]
    return [_text(label)]


def _column_names(columns: list[Any]) -> list[str] | None:
    """``orient="split"``'s columns as names: a column of several levels (a list,
    ``["count", "F"]``) joined as header lines are (``count / F``,
    ``sdc.readers.column_names``); None when two columns come out alike (one would hide
    the other's values)."""
    if not any(isinstance(c, list) for c in columns):
        return columns
    names = [join_levels([_text(level) for level in c]) if isinstance(c, list) else c
             for c in columns]
    if not all(isinstance(n, str | int | float | bool) for n in names) or \
            len({_text(n) for n in names}) != len(names):
        return None
    return names


def _range_index(keys: list[Any]) -> bool:
    """pandas' default index 0..n-1 (as numbers or strings) carries no information."""
    return [str(k) for k in keys] == [str(i) for i in range(len(keys))]


def _flat(obj: Any) -> bool:
    return isinstance(obj, dict) and all(isinstance(v, _SCALAR) for v in obj.values())


def _records_shape(data: Any) -> list[list[str]] | None:
    """``orient="records"``: a list of flat objects."""
    if isinstance(data, list) and data and all(_flat(r) for r in data):
        return _records(data)
    return None


def _values_shape(data: Any) -> list[list[str]] | None:
    """``orient="values"``: a list of lists of scalars, padded to the widest row."""
    if not (isinstance(data, list) and data and all(
            isinstance(r, list) and all(isinstance(v, _SCALAR) for v in r) for r in data)):
        return None
    width = max(len(r) for r in data)
    return [[f"column {i + 1}" for i in range(width)]] + [
        [_text(v) for v in r] + [""] * (width - len(r)) for r in data]


def _split_shape(data: dict[Any, Any]) -> list[list[str]] | None:
    """``orient="split"``: ``columns``, ``data`` and an index kept unless it is 0..n-1."""
    if not ({"columns", "data"} <= data.keys() and isinstance(data["data"], list)):
        return None
    index = data.get("index")
    columns = data["columns"] if isinstance(data["columns"], list) else None
    names = None if columns is None else _column_names(columns)
    if names is None or not all(isinstance(r, list) for r in data["data"]):
        return None
    rows = [dict(zip(names, r, strict=False)) for r in data["data"]]
    if not all(_flat(r) for r in rows):
        return None
    keep = isinstance(index, list) and not _range_index(index)
    return _records(rows, index if keep else None)


def _table_shape(data: dict[Any, Any]) -> list[list[str]] | None:
    """``orient="table"``: ``schema`` and ``data`` records, a default ``index`` field dropped."""
    if not ({"schema", "data"} <= data.keys() and isinstance(data["data"], list)
            and all(_flat(r) for r in data["data"])):
        return None
    rows = data["data"]
    if "index" in (rows[0] if rows else {}) and _range_index([r.get("index") for r in rows]):
        rows = [{k: v for k, v in r.items() if k != "index"} for r in rows]
    return _records(rows)


def _nested_shape(data: dict[Any, Any]) -> list[list[str]] | None:
    """``orient="index"`` with the default index ({row: {column: value}}), or
    ``orient="columns"`` ({column: {index: value}}), read with the index down the side."""
    if not (data and all(_flat(v) for v in data.values())):
        return None
    if _range_index(list(data)):
        return _records(list(data.values()))  # orient="index" with the default index
    keys: list[str] = []
    for v in data.values():
        keys += [k for k in v if k not in keys]
    if _range_index(keys):
        return _records([{c: v.get(k) for c, v in data.items()} for k in keys])
    grid = [["", *data.keys()]]
    for k in keys:
        grid.append([k, *[_text(v.get(k)) for v in data.values()]])
    return grid


def tabular(data: Any) -> list[list[str]] | None:
    """The table a JSON value holds, as rows of strings, or None if it is not tabular: the
    first of pandas' shapes that fits."""
    shapes = (_split_shape, _table_shape, _nested_shape) if isinstance(data, dict) else (
        _records_shape, _values_shape)
    for shape in shapes:
        rows = shape(data)
        if rows is not None:
            return rows
    return None


class DuplicateKeys(ValueError):
    """A JSON object names one key twice: ``json`` keeps the last value and drops the rest."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise DuplicateKeys(f"an object names a key twice ({_first_twice(keys)!r})")
    return dict(pairs)


def _first_twice(keys: list[str]) -> str:
    return next(k for i, k in enumerate(keys) if k in keys[:i])


def strict_loads(text: str) -> Any:
    """``json.loads`` that raises ``DuplicateKeys`` (a ``ValueError``) when an object names a
    key twice, instead of silently keeping only the last value."""
    return json.loads(text, object_pairs_hook=_refuse_duplicates)


def _keeping_duplicates(text: str) -> tuple[Any, list[tuple[str, Any]]]:
    """The JSON value (the last of duplicate keys, as ``json`` reads it) and every value a
    duplicate key dropped, with its key."""
    dropped: list[tuple[str, Any]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for key, value in pairs:
            if key in kept:
                dropped.append((key, kept[key]))
            kept[key] = value
        return kept

    return json.loads(text, object_pairs_hook=hook), dropped


def read_json(text: str) -> Document:
    try:
        data, dropped = _keeping_duplicates(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DocumentError(f"the JSON could not be parsed: {exc}") from exc
    doc = Document()
    if dropped:  # a reader keeps one value; the others travel with the file unread
        doc.flags.append(Flag("duplicate key", f"{len(dropped)} value(s) of keys given twice "
                              f"in one object (first {dropped[0][0]!r}); JSON readers keep "
                              "only the last"))
        for key, value in dropped:
            doc.text.extend(TextPart(path, _text(leaf), hidden=True)
                            for path, leaf in _leaves(value, f"(dropped) {key}"))
    rows = tabular(data)
    if rows is not None:
        doc.tables.append(TextTable(index=1, rows=rows))
        return doc
    for path, value in _leaves(data, "$"):
        doc.text.append(TextPart(path, _text(value)))
    doc.text.extend(TextPart(f"{path}.{key} (key)", key)
                    for path, key in _numbered_keys(data, "$"))
    return doc


def _numbered_keys(value: Any, path: str) -> list[tuple[str, str]]:
    """Every object key that states a number (``numbers_in_prose``), with the path of the
    object holding it: a key is text the file carries as surely as a value, and only the
    values were read (``{"3": "North"}``, ``{"North 3": "x"}`` passed, hunt51). Keys such as
    ``2019``, ``model_1`` or ``ci_95`` state none."""
    from sdc.readers.documents.reading import numbers_in_prose

    found: list[tuple[str, str]] = []
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            found += [(where, k) for k in node if numbers_in_prose(str(k))]
            stack += [(v, f"{where}.{k}") for k, v in reversed(node.items())]
        elif isinstance(node, list):
            stack += [(v, f"{where}[{i}]") for i, v in reversed(list(enumerate(node)))]
    return found


def _leaves(value: Any, path: str) -> list[tuple[str, Any]]:
    """Every scalar in a JSON value, with its JSONPath, so each number can be named."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]
