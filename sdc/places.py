"""Place names a whole table prints for everyone (SDC503's single parts; round 53, diff53).

Why: a whole printing ``United States`` on every row beside a part printing ``Texas`` is
the part's population and the rest; round 52 read UK nations only, from a regex in code.
The names are data (``sdc/data/places.json``) so other countries are added there. A nation
is a whole beside any part; a state or province is one only beside a part whose label names
no place listed (``Texas`` beside ``Harris County``; not beside ``California``: siblings).
The names only choose which tables are compared: the counts' ``≤`` decides.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """The nations' names and every state's or province's, lower case."""
    data = json.loads(resources.files("sdc").joinpath("data/places.json").read_text("utf-8"))
    nations = frozenset(data["nations"])
    regions = frozenset(name for names in data["regions"].values() for name in names)
    return nations, regions


def _folded(label: str) -> str:
    return " ".join(label.casefold().split())


def is_nation(label: str) -> bool:
    """Whether ``label`` names a nation (``England``, ``United States``, ``Canada``)."""
    return _folded(label) in _places()[0]


def is_region(label: str) -> bool:
    """Whether ``label`` names a state or province (``Texas``, ``Ontario``)."""
    return _folded(label) in _places()[1]


def is_place(label: str) -> bool:
    """Whether ``label`` names a nation, state or province listed."""
    return is_nation(label) or is_region(label)


def nation_words() -> frozenset[str]:
    """Every word of a nation's name: a title placing its people in a nation places them
    in no subgroup (``in the United States``)."""
    return frozenset(word.strip(".") for name in _places()[0] for word in name.split())
