"""What the log readers share: a block of a log's lines, the number token as the packages print
it, rule lines, and the placing of header words over right-aligned columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_TOKEN = re.compile(r"(?<![\w.])[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?%?(?![\w])", re.I)
SEPARATOR = re.compile(r"^[\s\-+=|]+$")


@dataclass
class Block:
    """A run of a log's lines between blank lines (a framed table's blank lines kept)."""

    first: int  # 1-based line number of the first line
    lines: list[str]


def has_numbers(line: str) -> bool:
    """A number token anywhere on the line (not inside a word: ``df2`` holds none)."""
    return bool(NUMBER_TOKEN.search(line))


def labels_at(header: str, ends: list[int], start: int) -> list[str]:
    """Header words over right-aligned columns ending at ``ends``: each word right of
    ``start`` belongs to the first column ending at or after it (a character's slack, as
    listings are not always exact); words of one column are joined ("South West")."""
    names: list[list[str]] = [[] for _ in ends]
    for word in re.finditer(r"\S+", header):
        if word.start() < start or not ends:
            continue
        index = next((i for i, end in enumerate(ends) if end >= word.end() - 2), len(ends) - 1)
        names[index].append(word.group(0))
    return [" ".join(words) for words in names]
